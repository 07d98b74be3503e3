"""What the browser tests share: the widths they look at a page in (CSS pixels)."""

PHONE, DESKTOP, NARROWEST = 375, 1280, 320
