# ruff: noqa: E501
# Prose fields keep one paragraph per line, because a single line break inside a
# paragraph would change how the templates render it; long lines are expected here.
"""Demo content: one drug class, six conditions and two medicines, in our own words.

Loaded by `python manage.py load_demo_content`. Text fields use the site's plain
text format: paragraphs separated by a blank line, "- " at the start of a line for
a bullet point. key_facts, get_help_now and sources are one item per line.
Each article's "drug_class" is a drug-class slug and each use names an indication slug.
Codes (for clinic systems, see medinfo/codes.py): RxNorm ingredient RxCUIs; ICD-10-CM
code families as in the ICD-10-CM tabular list; SNOMED CT only where we are sure of
the concept (none for alcohol withdrawal yet).
"""

from __future__ import annotations

import datetime
import textwrap

from medinfo.models import ControlledSchedule, PrescriptionStatus, Status, UseKind


def text(value: str) -> str:
    """Let the data below be indented like code without storing the indent."""
    return textwrap.dedent(value).strip()


LAST_REVIEWED = datetime.date(2026, 11, 2)
NEXT_REVIEW_DUE = datetime.date(2029, 11, 2)


DRUG_CLASSES = [
    {
        "slug": "benzodiazepines",
        "name": "Benzodiazepines",
        "description": text(
            """
            A group of prescription medicines that calm the brain and nerves. They are used for anxiety, seizures, muscle spasms and alcohol withdrawal. They work quickly, but the body can come to depend on them, so they are usually prescribed for the shortest time that helps.
            """
        ),
    },
]


INDICATIONS = [
    {
        "slug": "anxiety-disorders",
        "name": "Anxiety disorders",
        "icd10cm_codes": "F41",
        "snomed_codes": "197480006",
        "status": Status.PUBLISHED,
        "synonyms": "generalized anxiety, panic disorder, panic attacks, social anxiety, anxiety",
        "summary": text(
            """
            Anxiety disorders cause worry, fear or panic that is strong, hard to control and gets in the way of daily life. They are common, and they can be treated.
            """
        ),
        "body": text(
            """
            Everyone feels worried or nervous at times. An anxiety disorder is different: the worry or fear is bigger than the situation calls for, it lasts for weeks or months, and it makes it hard to work, study, sleep or spend time with people.

            There are several kinds. Some of the most common are:

            - Generalized anxiety: worrying on most days about lots of everyday things.
            - Panic disorder: sudden waves of intense fear (panic attacks), often with a racing heart, shaking or feeling short of breath.
            - Social anxiety: a strong fear of being judged or embarrassed around other people.

            Talking therapy helps many people and is often tried first. A type called cognitive behavioral therapy (CBT) teaches practical ways to handle anxious thoughts. Regular exercise, a steady sleep routine, and cutting back on caffeine and alcohol can also make a real difference.

            Medicine is one option. Some antidepressants are often used for longer-term treatment. Benzodiazepines such as diazepam can ease severe anxiety quickly, but they are usually meant for a short time only, because the body can come to depend on them.
            """
        ),
        "when_to_get_help": text(
            """
            Talk to your clinic if worry or panic stops you from doing everyday things, or if it has gone on for more than a few weeks.

            Call 911 if you have chest pain or trouble breathing and you are not sure it is a panic attack. Heart and lung problems can feel similar.

            If you are thinking about hurting yourself, call or text 988 (the Suicide and Crisis Lifeline in the US), or call 911.
            """
        ),
    },
    {
        "slug": "muscle-spasms",
        "name": "Muscle spasms",
        "icd10cm_codes": "M62.83",
        "snomed_codes": "45352006",
        "status": Status.PUBLISHED,
        "synonyms": "spasticity, muscle stiffness, cramps, stiff-person syndrome",
        "summary": text(
            """
            A muscle spasm is when a muscle tightens on its own and will not relax. Some spasms are brief and harmless; others come from a brain or nerve condition and can last a long time.
            """
        ),
        "body": text(
            """
            Most people have had a cramp, such as a calf muscle that suddenly goes tight at night. Cramps like this usually pass within minutes.

            Some spasms are caused by damage to the brain or spinal cord. This is called spasticity. It can happen with cerebral palsy, multiple sclerosis, a spinal cord injury or after a stroke. The muscles may feel stiff and tight much of the time, which can make moving, walking and sleeping hard. Stiff-person syndrome is a rare condition that causes severe stiffness and painful spasms.

            Treatment depends on the cause. Gentle stretching, physical therapy, heat and staying active help many people. For spasticity, doctors may also suggest other muscle-relaxing medicines, injections into the tight muscles or, less often, surgery.

            Medicine is one option, and it usually works best together with physical therapy and exercise. Diazepam is sometimes added to other treatments for certain kinds of spasm.
            """
        ),
        "when_to_get_help": text(
            """
            Talk to your clinic if spasms or stiffness are new, getting worse, or making it hard to move, sleep or look after yourself.

            See a doctor the same day if a painful leg cramp comes with swelling, redness or warmth in the leg. This can be a sign of a blood clot.

            Call 911 if stiffness comes with sudden weakness, numbness, a drooping face or trouble speaking. These can be signs of a stroke.
            """
        ),
    },
    {
        "slug": "seizures",
        "name": "Seizures",
        "icd10cm_codes": "G40, R56",
        "snomed_codes": "91175000, 84757009",
        "status": Status.PUBLISHED,
        "synonyms": "epilepsy, fits, convulsions, status epilepticus, seizure clusters",
        "summary": text(
            """
            A seizure is a sudden burst of electrical activity in the brain that can change how a person moves, feels or behaves for a short time. Epilepsy is a condition where seizures keep coming back.
            """
        ),
        "body": text(
            """
            During a seizure a person may shake, go stiff, stare blankly or lose awareness. Most seizures stop on their own within a few minutes.

            Epilepsy is a long-term condition in which seizures happen again and again. Seizures can also be caused by a high fever in young children, a head injury, very low blood sugar, or suddenly stopping alcohol or certain medicines.

            Most people with epilepsy take an anti-seizure medicine every day to prevent seizures. Taking it at the same times each day, getting enough sleep and avoiding known triggers all help. Some people are also helped by surgery, a special diet or an implanted device.

            Some medicines are for emergencies. A seizure that goes on too long (status epilepticus) or several seizures close together (a seizure cluster) may need a rescue medicine, such as diazepam rectal gel or an injection. Your care team can give you a written seizure action plan that says what to do and when.
            """
        ),
        "when_to_get_help": text(
            """
            Call 911 if:

            - a seizure lasts longer than 5 minutes
            - another seizure starts before the person has recovered from the first
            - the person does not wake up, or has trouble breathing, after the seizure
            - it is the person's first seizure
            - the person is hurt, is pregnant, has diabetes, or had the seizure in water

            While you wait, move hard or sharp things away, put something soft under their head, and once the shaking stops, roll them onto their side. Do not hold them down or put anything in their mouth.

            Talk to your clinic if seizures are happening more often, or if your medicine causes side effects.
            """
        ),
    },
    {
        "slug": "alcohol-withdrawal",
        "name": "Alcohol withdrawal",
        "icd10cm_codes": "F10.13, F10.23, F10.93",
        "snomed_codes": "",
        "status": Status.PUBLISHED,
        "synonyms": "alcohol detox, detox, DTs, delirium tremens",
        "summary": text(
            """
            Alcohol withdrawal is what happens when someone who drinks heavily every day suddenly stops or cuts down a lot. It can be mild, but it can also be dangerous, so it needs medical care.
            """
        ),
        "body": text(
            """
            When a person drinks a lot for a long time, the brain adjusts to having alcohol around. If they stop suddenly, the brain becomes overactive. Signs usually begin within hours to a day or two after the last drink. They can include shaking, sweating, a fast heartbeat, feeling sick, anxiety and trouble sleeping.

            Some people have more serious problems, such as seizures, or seeing and hearing things that are not there. The most severe form is called delirium tremens (the DTs). It causes deep confusion, fever and a racing heart, and it can kill without treatment.

            Because of these risks, the safest way to stop heavy drinking is with a doctor's help, often called a medical detox. Depending on how much a person drinks and their health, this may happen at home with close check-ins, or in a hospital.

            Medicine is one part of care. Benzodiazepines are commonly used to keep withdrawal safe and to prevent seizures. After detox, counseling, support groups and other medicines can help a person stay away from alcohol.
            """
        ),
        "when_to_get_help": text(
            """
            If you drink heavily every day, talk to a doctor before you stop. Stopping suddenly on your own can be dangerous.

            Call 911 if someone going through alcohol withdrawal:

            - has a seizure
            - is confused or does not know where they are
            - sees, hears or feels things that are not there
            - has a high fever, a very fast heartbeat or heavy sweating
            - cannot stop vomiting
            """
        ),
    },
    {
        "slug": "insomnia",
        "name": "Insomnia",
        "icd10cm_codes": "G47.0, F51.0",
        "snomed_codes": "193462001",
        "status": Status.PUBLISHED,
        "synonyms": "trouble sleeping, sleeplessness, can't sleep",
        "summary": text(
            """
            Insomnia means trouble falling asleep, staying asleep or waking too early, so that you feel tired or unwell during the day. Short spells are common, and longer-lasting insomnia can be treated.
            """
        ),
        "body": text(
            """
            Most people sleep badly now and then, often because of stress, illness, travel or a change in routine. This usually gets better on its own. When poor sleep happens at least three nights a week for three months or more, it is called long-term (chronic) insomnia.

            Poor sleep is often linked to something else, such as anxiety, low mood, pain, breathing problems during sleep, caffeine, alcohol or a medicine. Treating the cause often helps.

            Changing sleep habits helps many people: going to bed and getting up at the same times each day, keeping the bedroom dark and quiet, avoiding screens and caffeine late in the day, and getting up for a while if you cannot sleep. A talking therapy called CBT for insomnia (CBT-I) is the treatment most often recommended first for long-term insomnia.

            Medicine is one option, usually for a short time only. Sleeping medicines can leave you drowsy the next day, tend to work less well over time, and some can cause dependence.
            """
        ),
        "when_to_get_help": text(
            """
            Talk to your clinic if poor sleep lasts more than a few weeks or makes it hard to get through the day.

            Also tell your clinic if you snore loudly, stop breathing or gasp in your sleep, or fall asleep during the day without meaning to. These can be signs of sleep apnea.

            Do not drive or use machines if you feel very sleepy.
            """
        ),
    },
    {
        "slug": "stress-related-digestive-disorders",
        "name": "Stress-related digestive disorders",
        "icd10cm_codes": "K58, K30",
        "snomed_codes": "10743008",
        "status": Status.PUBLISHED,
        "synonyms": "nervous stomach, stress-related irritable bowel, IBS",
        "summary": text(
            """
            Stress and worry can upset the gut, causing stomach pain, bloating, diarrhea or constipation. These problems are real and common, and there are many ways to ease them.
            """
        ),
        "body": text(
            """
            The brain and the gut are closely linked. When you feel stressed or anxious, your gut can react: "butterflies", cramps, feeling sick, or needing to rush to the toilet.

            For some people these symptoms keep coming back. Irritable bowel syndrome (IBS) is a common long-term condition that causes belly pain along with diarrhea, constipation or both. Stress does not cause IBS on its own, but it can make the symptoms worse.

            Many things can help:

            - changing what and when you eat, sometimes with help from a dietitian
            - regular exercise and enough sleep
            - ways to manage stress, such as relaxation or breathing exercises
            - talking therapies, such as CBT or gut-focused hypnotherapy

            Medicine is one option. Doctors may suggest medicines for pain, diarrhea or constipation, or a low dose of certain antidepressants. Calming medicines such as benzodiazepines are not a standard treatment for gut problems and are rarely used for them.
            """
        ),
        "when_to_get_help": text(
            """
            See a doctor soon if you have:

            - blood in your stool, or black, tarry stool
            - weight loss you cannot explain
            - stomach symptoms that wake you up at night
            - a fever along with your stomach symptoms
            - a lasting change in your bowel habits, especially if you are over 50
            - trouble swallowing, or vomiting that keeps coming back

            Call 911 or go to an emergency room if you have sudden, severe belly pain or you vomit blood.
            """
        ),
    },
]


ARTICLES = [
    {
        "slug": "diazepam",
        "title": "Diazepam (Valium)",
        "rxnorm_codes": "3322",
        "generic_name": "diazepam",
        "brand_names": "Valium, Diastat",
        "drug_class": "benzodiazepines",
        "prescription_status": PrescriptionStatus.PRESCRIPTION,
        "controlled_schedule": ControlledSchedule.SCHEDULE_IV,
        "status": Status.PUBLISHED,
        "last_reviewed": LAST_REVIEWED,
        "next_review_due": NEXT_REVIEW_DUE,
        "summary": text(
            """
            Diazepam (brand name Valium) is a prescription medicine from a group called benzodiazepines. It calms the brain and nerves, and it is used for anxiety, muscle spasms, alcohol withdrawal and, together with other medicines, seizures. It works well for a short time, but the body can come to depend on it, and it is dangerous to take with opioids or alcohol.
            """
        ),
        "key_facts": text(
            """
            Diazepam is a benzodiazepine, a type of calming medicine.
            It is used for anxiety, muscle spasms, alcohol withdrawal and some kinds of seizures.
            You need a prescription. In the US it is a Schedule IV controlled substance.
            It can make you sleepy and slow to react, so do not drive until you know how it affects you.
            Taking it with opioids, alcohol or other medicines that make you drowsy can slow your breathing and can kill.
            Your body can come to depend on it, so never stop taking it suddenly without talking to your prescriber.
            It is usually meant for short-term use.
            """
        ),
        "boxed_warning": text(
            """
            Diazepam, like all benzodiazepines, carries the FDA's strongest warning, called a boxed warning. In plain words:

            - Opioids: taking diazepam with opioid medicines (such as oxycodone, hydrocodone, codeine or morphine) can cause extreme sleepiness, slow or difficult breathing, coma and death. Only take them together if your prescriber has decided there is no safer choice.
            - Misuse and addiction: diazepam can be misused, and people can become addicted to it, even when they take it as prescribed. This raises the risk of overdose and death, especially when it is mixed with opioids, alcohol or street drugs.
            - Dependence and withdrawal: your body can become dependent on diazepam after days to weeks of regular use. Stopping suddenly or lowering the dose too fast can cause withdrawal reactions, which can be life-threatening and can include seizures.
            """
        ),
        "get_help_now": text(
            """
            Breathing that is very slow or shallow, or that stops
            Cannot be woken up, or is very hard to wake
            Lips or fingertips turning blue or gray
            A seizure that does not stop, or one seizure after another
            Severe confusion, slurred speech or being unable to stand up
            Swelling of the face, lips, tongue or throat, or sudden trouble breathing (a possible allergic reaction)
            """
        ),
        "how_it_works": text(
            """
            Nerve cells in your brain pass signals to each other using chemical messengers. One of these messengers, called GABA, works like a brake: it calms nerve activity in the brain and spinal cord.

            Diazepam makes GABA's calming effect stronger. This can ease anxiety, relax tight muscles and help stop a seizure. The same effect is also what makes people sleepy and, at high doses or with other drugs, can slow breathing.

            Diazepam is long-acting. It and the substances the body turns it into stay in the body for days, so the effects can build up with regular use, especially in older adults.
            """
        ),
        "how_to_take": text(
            """
            Take diazepam exactly as your prescriber tells you. The dose depends on what it is for, your age and your health; older adults often need a lower dose. Do not take more, take it more often, or keep taking it for longer than prescribed.

            Diazepam comes as tablets and as a liquid to swallow. There is also a gel that is put into the rectum to stop seizure clusters, and an injection given by health workers. Tablets can be taken with or without food.

            - If you miss a dose, take it when you remember, unless it is nearly time for your next dose. Never take two doses to make up for a missed one.
            - Keep diazepam somewhere safe, locked away if you can, and out of reach of children. Never share it: it can be dangerous for someone it was not prescribed for.
            - Take any medicine you no longer need to a drug take-back site, or ask your pharmacist how to get rid of it safely.

            If you or someone else has taken too much, call Poison Control at 1-800-222-1222. If the person is having trouble breathing or cannot be woken, call 911.
            """
        ),
        "side_effects": text(
            """
            Common side effects include:

            - feeling drowsy or tired
            - muscle weakness
            - feeling unsteady or clumsy
            - trouble remembering things or concentrating

            These are often strongest when you first start or when your dose goes up. Older adults are more likely to feel unsteady, which raises the risk of falls.

            Less often, diazepam has the opposite effect to what is expected, and people feel agitated, restless, angry or aggressive. It can also lower your mood. Tell your prescriber about changes like these, or about any side effect that bothers you or does not go away.
            """
        ),
        "serious_warnings": text(
            """
            Opioids and alcohol: taking diazepam with opioids, alcohol, or other medicines or drugs that make you drowsy can slow or stop your breathing. This can lead to coma and death. Do not drink alcohol while you take diazepam, and make sure every prescriber you see knows you take it.

            Tolerance: with regular use, the same dose can slowly work less well. Do not raise your dose on your own; talk to your prescriber instead.

            Dependence: after days to weeks of regular use, your body can get used to diazepam. This can happen even when you take it exactly as prescribed, and it means that stopping suddenly can cause withdrawal. See "Dependence and stopping safely" below.

            Misuse and addiction: some people take diazepam in ways that were not prescribed, such as taking more, taking it more often or taking it to get high. This can lead to addiction, where a person keeps using it even though it is harming them. The risk is higher if you have had problems with alcohol or drugs, so please tell your prescriber about any history like this.

            Driving and machines: diazepam can slow your reactions and make you sleepy, sometimes into the next day. Do not drive, ride a bike or use machines or power tools until you know how it affects you.

            Health conditions: tell your prescriber if you have breathing problems, sleep apnea, liver or kidney disease, myasthenia gravis, glaucoma, depression or thoughts of harming yourself, or a history of alcohol or drug problems. Diazepam may not be safe for you, or you may need a lower dose.

            Overdose: too much diazepam can be deadly, especially when it is taken with opioids or alcohol. Call 911 if someone has very slow breathing, cannot be woken or has blue lips. For any question about too much medicine, call Poison Control at 1-800-222-1222 (US, free, any time of day or night).
            """
        ),
        "interactions": text(
            """
            Tell your prescriber and pharmacist about every medicine you take, including ones you buy without a prescription, vitamins and herbal products.

            Be especially careful with:

            - opioids, such as codeine, hydrocodone, oxycodone, morphine, tramadol or methadone
            - alcohol: avoid it completely while you take diazepam
            - other sleeping medicines and calming medicines, including other benzodiazepines
            - some antidepressants and other medicines for mental health conditions
            - antihistamines that cause drowsiness, such as diphenhydramine, found in some allergy and sleep aids
            - medicines that change how the liver breaks down diazepam, such as cimetidine, omeprazole, fluvoxamine, ketoconazole or rifampin, and some seizure medicines

            Anything else that makes you drowsy, including cannabis, adds to the risk of dangerous sleepiness and slow breathing.
            """
        ),
        "pregnancy_breastfeeding": text(
            """
            Tell your prescriber if you are pregnant, might be pregnant or are planning a pregnancy.

            Taking diazepam late in pregnancy can affect the baby after birth. The baby may be very sleepy, have trouble breathing or feeding, or have withdrawal symptoms. If you take diazepam while pregnant, your care team will watch your baby closely after birth.

            If you find out you are pregnant, do not stop diazepam suddenly. Talk to your prescriber first, because sudden withdrawal can harm you and your baby.

            Diazepam passes into breast milk and can make a breastfed baby sleepy or slow to feed. Talk to your prescriber before breastfeeding. If you do breastfeed, watch for a baby who is unusually sleepy, feeds poorly or is not gaining weight.
            """
        ),
        "dependence_and_stopping": text(
            """
            If you take diazepam regularly for more than a few days to weeks, your body gets used to it. This is called physical dependence. It is not the same as addiction, but it means that stopping needs care.

            Never stop taking diazepam suddenly, and do not cut down on your own. Stopping too fast can cause withdrawal, which can be life-threatening and can include seizures. Signs of withdrawal can include:

            - anxiety, restlessness or trouble sleeping
            - shaking, sweating or a fast heartbeat
            - feeling sick or stomach cramps
            - being very sensitive to light, noise or touch
            - muscle aches or twitching
            - confusion, or seeing or hearing things that are not there
            - seizures

            When it is time to stop, your prescriber will plan a gradual reduction, called a taper. The dose is lowered step by step, over weeks or sometimes months. There is no single standard schedule: the plan is made for you, based on your dose, how long you have taken diazepam and how you feel along the way. If withdrawal symptoms are hard to cope with, tell your prescriber; the taper can be slowed down.

            Some people have withdrawal symptoms that last for weeks or months after stopping. If this happens to you, let your care team know.

            To lower the risk of dependence, diazepam is usually prescribed for the shortest time that helps. UK guidance is that, for anxiety or sleep problems, it should usually be taken for no longer than 2 to 4 weeks.
            """
        ),
        "sources": text(
            """
            US Food and Drug Administration (FDA), Drug Safety Communication, 23 September 2020: boxed warning updated for all benzodiazepines (abuse, misuse, addiction, dependence and withdrawal)
            US Food and Drug Administration (FDA), Drug Safety Communication, 31 August 2016: serious risks of taking opioids with benzodiazepines
            US Drug Enforcement Administration (DEA), 21 CFR 1308.14: Schedule IV controlled substances
            FDA-approved prescribing information for Valium (diazepam) tablets
            UK NHS guidance on benzodiazepines: short-term use, usually 2 to 4 weeks
            """
        ),
        "uses": [
            {
                "indication": "anxiety-disorders",
                "kind": UseKind.LABELLED,
                "note": "Diazepam can quickly ease severe anxiety and panic symptoms. It is meant for short-term relief, often while longer-term treatments such as talking therapy start to work.",
            },
            {
                "indication": "muscle-spasms",
                "kind": UseKind.LABELLED,
                "note": "Added to other treatments to relax muscle spasms, including stiffness from nerve conditions such as cerebral palsy or paralysis of the legs (paraplegia), and stiff-person syndrome.",
            },
            {
                "indication": "seizures",
                "kind": UseKind.LABELLED,
                "note": "Diazepam tablets can be added to regular anti-seizure medicine. As a rectal gel (Diastat) or an injection, it is used to stop a seizure that goes on too long or a cluster of seizures.",
            },
            {
                "indication": "alcohol-withdrawal",
                "kind": UseKind.LABELLED,
                "note": "Calms shaking, agitation and other withdrawal symptoms, including when delirium tremens (the DTs) is starting. It is given with close medical supervision.",
            },
            {
                "indication": "insomnia",
                "kind": UseKind.OFF_LABEL,
                "note": "Off-label: diazepam is not FDA-approved for sleep problems. Better sleep habits and CBT for insomnia usually come first; if diazepam is used, it is for a few nights only.",
            },
            {
                "indication": "stress-related-digestive-disorders",
                "kind": UseKind.OFF_LABEL,
                "note": "Off-label: diazepam is not FDA-approved for gut problems. It is occasionally added for a short time when anxiety makes gut symptoms worse, but diet changes, stress management and gut medicines usually come first.",
            },
        ],
    },
    {
        "slug": "lorazepam",
        "title": "Lorazepam (Ativan)",
        "rxnorm_codes": "6470",
        "generic_name": "lorazepam",
        "brand_names": "Ativan",
        "drug_class": "benzodiazepines",
        "prescription_status": PrescriptionStatus.PRESCRIPTION,
        "controlled_schedule": ControlledSchedule.SCHEDULE_IV,
        "status": Status.PUBLISHED,
        "last_reviewed": LAST_REVIEWED,
        "next_review_due": NEXT_REVIEW_DUE,
        "summary": text(
            """
            Lorazepam (brand name Ativan) is a prescription benzodiazepine, a calming medicine. Tablets are used for anxiety, and an injection is used in hospital to stop long seizures. It is shorter-acting than diazepam. Like all benzodiazepines, it can cause dependence and is dangerous with opioids or alcohol.
            """
        ),
        "key_facts": text(
            """
            Lorazepam is a benzodiazepine, a type of calming medicine.
            Tablets are used for anxiety; an injection is used to stop seizures that go on too long.
            You need a prescription. In the US it is a Schedule IV controlled substance.
            It wears off sooner than diazepam.
            Taking it with opioids, alcohol or other medicines that make you drowsy can slow your breathing and can kill.
            Never stop taking it suddenly without talking to your prescriber.
            """
        ),
        "boxed_warning": text(
            """
            Lorazepam, like all benzodiazepines, carries the FDA's strongest warning, called a boxed warning. In plain words:

            - Opioids: taking lorazepam with opioid medicines can cause extreme sleepiness, slow or difficult breathing, coma and death.
            - Misuse and addiction: lorazepam can be misused, and people can become addicted to it, even at prescribed doses. This raises the risk of overdose and death, especially with opioids, alcohol or street drugs.
            - Dependence and withdrawal: your body can become dependent on lorazepam after days to weeks of regular use. Stopping suddenly or lowering the dose too fast can cause life-threatening withdrawal reactions, including seizures.
            """
        ),
        "get_help_now": text(
            """
            Breathing that is very slow or shallow, or that stops
            Cannot be woken up, or is very hard to wake
            Lips or fingertips turning blue or gray
            A seizure that does not stop, or one seizure after another
            Swelling of the face, lips, tongue or throat, or sudden trouble breathing (a possible allergic reaction)
            """
        ),
        "how_it_works": text(
            """
            Lorazepam makes the effect of GABA stronger. GABA is a chemical messenger that calms nerve activity in the brain. This eases anxiety and can stop a seizure, but it also causes sleepiness and can slow breathing.

            Lorazepam leaves the body faster than diazepam, so each dose wears off sooner.
            """
        ),
        "how_to_take": text(
            """
            Take lorazepam tablets exactly as prescribed. Do not take more, take it more often, or keep taking it for longer than your prescriber advises. The injection is only given by health workers.

            Keep it locked away and out of reach of children, and never share it.

            If you or someone else has taken too much, call Poison Control at 1-800-222-1222. If the person is having trouble breathing or cannot be woken, call 911.
            """
        ),
        "side_effects": text(
            """
            Common side effects include:

            - feeling drowsy or tired
            - dizziness or weakness
            - feeling unsteady, which can lead to falls, especially in older adults
            - trouble remembering things

            Tell your prescriber about any side effect that bothers you, or if you feel agitated, low or unlike yourself.
            """
        ),
        "serious_warnings": text(
            """
            Opioids and alcohol: taking lorazepam with opioids, alcohol or other medicines that make you drowsy can slow or stop your breathing and can cause death. Do not drink alcohol while you take it.

            Tolerance, dependence and addiction: with regular use, the same dose can work less well, and your body can come to depend on lorazepam, even at prescribed doses. Some people misuse it or become addicted. Tell your prescriber if you have had problems with alcohol or drugs.

            Driving: lorazepam can make you sleepy and slow your reactions. Do not drive or use machines until you know how it affects you.

            Overdose: call 911 if someone has very slow breathing, cannot be woken or has blue lips. For questions about too much medicine, call Poison Control at 1-800-222-1222.
            """
        ),
        "interactions": text(
            """
            Tell your prescriber and pharmacist about all the medicines you take. Be especially careful with:

            - opioids, such as codeine, hydrocodone, oxycodone or morphine
            - alcohol
            - other sleeping or calming medicines
            - some antidepressants, and antihistamines that cause drowsiness
            """
        ),
        "pregnancy_breastfeeding": text(
            """
            Tell your prescriber if you are pregnant, might be pregnant or are breastfeeding. Using lorazepam late in pregnancy can make a newborn sleepy, cause breathing or feeding problems, or cause withdrawal. Lorazepam passes into breast milk. Do not stop it suddenly without talking to your prescriber first.
            """
        ),
        "dependence_and_stopping": text(
            """
            After regular use, never stop lorazepam suddenly or cut down on your own. Withdrawal can be life-threatening and can include seizures. Because lorazepam wears off quickly, withdrawal symptoms such as anxiety, shaking and trouble sleeping can start soon after a missed dose or stopping.

            Your prescriber will plan a gradual reduction (a taper) that fits you. There is no single standard schedule. Tell your prescriber if withdrawal symptoms are hard to cope with, so the taper can be slowed.
            """
        ),
        "sources": text(
            """
            US Food and Drug Administration (FDA), Drug Safety Communication, 23 September 2020: boxed warning updated for all benzodiazepines
            US Food and Drug Administration (FDA), Drug Safety Communication, 31 August 2016: serious risks of taking opioids with benzodiazepines
            US Drug Enforcement Administration (DEA), 21 CFR 1308.14: Schedule IV controlled substances
            FDA-approved prescribing information for Ativan (lorazepam) tablets and injection
            """
        ),
        "uses": [
            {
                "indication": "anxiety-disorders",
                "kind": UseKind.LABELLED,
                "note": "Lorazepam tablets are used to manage anxiety disorders and for short-term relief of anxiety symptoms. Each dose wears off sooner than diazepam.",
            },
            {
                "indication": "seizures",
                "kind": UseKind.LABELLED,
                "note": "Given as an injection by health workers, usually in hospital, to stop status epilepticus: a seizure that goes on too long, or seizures one after another.",
            },
            {
                "indication": "alcohol-withdrawal",
                "kind": UseKind.OFF_LABEL,
                "note": "Off-label: alcohol withdrawal is not an FDA-labelled use of lorazepam, but hospitals commonly use it to ease withdrawal symptoms and prevent seizures, with close monitoring.",
            },
        ],
    },
]
