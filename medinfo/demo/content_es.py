# ruff: noqa: E501
# Prose fields keep one paragraph per line, because a single line break inside a
# paragraph would change how the templates render it; long lines are expected here.
"""Spanish demo content: the drug class, six conditions and two medicines, in our own words.

Keyed by the English slug in medinfo/demo/content.py; each entry holds the Spanish
slug and the translatable text fields, with exactly the same field names and text
format as the English data (paragraphs separated by a blank line, "- " for a bullet;
key_facts, get_help_now and sources one item per line; synonyms comma-separated).
An article's "uses" maps the English indication slug to the Spanish note for that use.
Plain language, "usted" form, facts only from the English content and
/work/shared/content-facts.md. Codes, status, schedule and dates come from the English page.
"""

from __future__ import annotations

import textwrap


def text(value: str) -> str:
    """Let the data below be indented like code without storing the indent."""
    return textwrap.dedent(value).strip()


DRUG_CLASSES_ES = {
    "benzodiazepines": {
        "slug": "benzodiacepinas",
        "name": "Benzodiacepinas",
        "description": text(
            """
            Un grupo de medicinas con receta que calman el cerebro y los nervios. Se usan para la ansiedad, las convulsiones, los espasmos musculares y la abstinencia de alcohol. Actúan rápido. Pero el cuerpo se puede acostumbrar a ellas. Por eso se suelen recetar por el menor tiempo que ayude.
            """
        ),
    },
}


INDICATIONS_ES = {
    "anxiety-disorders": {
        "slug": "trastornos-de-ansiedad",
        "name": "Trastornos de ansiedad",
        "synonyms": "ansiedad, ataques de pánico, ataques de panico, trastorno de pánico, ansiedad generalizada, ansiedad social, nervios",
        "summary": text(
            """
            Los trastornos de ansiedad causan preocupación, miedo o pánico muy fuertes. Son difíciles de controlar y afectan la vida diaria. Son comunes y tienen tratamiento.
            """
        ),
        "body": text(
            """
            Todos nos sentimos preocupados o nerviosos a veces. Un trastorno de ansiedad es distinto. La preocupación o el miedo son más grandes de lo que pide la situación. Duran semanas o meses. Y hacen difícil trabajar, estudiar, dormir o estar con otras personas.

            Hay varios tipos. Algunos de los más comunes son:

            - Ansiedad generalizada: se preocupa casi todos los días por muchas cosas de la vida diaria.
            - Trastorno de pánico: olas de miedo muy fuerte que llegan de repente (ataques de pánico). A menudo el corazón late rápido, hay temblores o falta el aire.
            - Ansiedad social: un miedo fuerte a que otras personas lo juzguen o a pasar vergüenza.

            La terapia con un profesional (hablar con un terapeuta) ayuda a muchas personas. Muchas veces es lo primero que se prueba. Un tipo de terapia, llamada terapia cognitivo-conductual, enseña formas prácticas de manejar los pensamientos de ansiedad. También ayudan mucho el ejercicio, dormir a horas fijas y tomar menos cafeína y alcohol.

            La medicina es una opción. Algunos antidepresivos se usan a menudo como tratamiento a largo plazo. Las benzodiacepinas, como el diazepam, pueden calmar rápido la ansiedad fuerte. Pero casi siempre son para poco tiempo, porque el cuerpo se puede acostumbrar a ellas.
            """
        ),
        "when_to_get_help": text(
            """
            Hable con su clínica si la preocupación o el pánico no lo dejan hacer sus cosas de todos los días, o si ya lleva más de unas semanas así.

            Llame al 911 si tiene dolor de pecho o le cuesta respirar y no está seguro de que sea un ataque de pánico. Los problemas del corazón y de los pulmones se pueden sentir parecido. En el 911 le pueden atender en español.

            Si piensa en hacerse daño, llame o envíe un mensaje de texto al 988 (la Línea de Prevención del Suicidio y Crisis de EE. UU.). Para español, marque 2. También puede llamar al 911.
            """
        ),
    },
    "muscle-spasms": {
        "slug": "espasmos-musculares",
        "name": "Espasmos musculares",
        "synonyms": "espasmos, calambres, rigidez, rigidez muscular, músculos tensos, espasticidad, síndrome de la persona rígida",
        "summary": text(
            """
            Un espasmo muscular es cuando un músculo se aprieta solo y no se suelta. Algunos espasmos son cortos y no hacen daño. Otros vienen de un problema del cerebro o de los nervios y pueden durar mucho tiempo.
            """
        ),
        "body": text(
            """
            Casi todas las personas han tenido un calambre. Por ejemplo, la pantorrilla se pone dura de repente por la noche. Estos calambres casi siempre se pasan en unos minutos.

            Algunos espasmos vienen de un daño en el cerebro o en la médula espinal. Esto se llama espasticidad. Puede pasar con la parálisis cerebral, la esclerosis múltiple, una lesión de la médula espinal o después de un derrame cerebral. Los músculos pueden estar rígidos y tensos casi todo el tiempo. Eso puede hacer difícil moverse, caminar y dormir. El síndrome de la persona rígida es una enfermedad poco común. Causa una rigidez muy fuerte y espasmos que duelen.

            El tratamiento depende de la causa. A muchas personas les ayudan los estiramientos suaves, la terapia física, el calor y mantenerse activas. Para la espasticidad, el médico también puede sugerir otras medicinas que relajan los músculos, inyecciones en los músculos tensos o, con menos frecuencia, una operación.

            La medicina es una opción. Casi siempre funciona mejor junto con la terapia física y el ejercicio. A veces se agrega diazepam a otros tratamientos para ciertos tipos de espasmo.
            """
        ),
        "when_to_get_help": text(
            """
            Hable con su clínica si los espasmos o la rigidez son nuevos, empeoran, o le hacen difícil moverse, dormir o cuidarse.

            Vea a un médico el mismo día si un calambre doloroso en la pierna viene con hinchazón, enrojecimiento o calor en la pierna. Puede ser señal de un coágulo de sangre.

            Llame al 911 si la rigidez viene con debilidad o adormecimiento de repente, la cara caída de un lado o dificultad para hablar. Pueden ser señales de un derrame cerebral.
            """
        ),
    },
    "seizures": {
        "slug": "convulsiones",
        "name": "Convulsiones",
        "synonyms": "epilepsia, ataques, crisis convulsivas, convulsión, estado epiléptico, convulsiones en grupo",
        "summary": text(
            """
            Una convulsión es una descarga eléctrica repentina en el cerebro. Por un rato corto puede cambiar cómo se mueve, siente o actúa una persona. La epilepsia es una enfermedad en la que las convulsiones vuelven una y otra vez.
            """
        ),
        "body": text(
            """
            Durante una convulsión, la persona puede temblar, ponerse rígida, quedarse con la mirada fija o no darse cuenta de lo que pasa. La mayoría de las convulsiones paran solas en unos minutos.

            La epilepsia es una enfermedad de largo plazo. Las convulsiones pasan una y otra vez. Las convulsiones también pueden venir de fiebre alta en niños pequeños, un golpe en la cabeza, azúcar en la sangre muy baja, o dejar de repente el alcohol o ciertas medicinas.

            La mayoría de las personas con epilepsia toman una medicina contra las convulsiones todos los días para prevenirlas. Ayuda tomarla a las mismas horas cada día, dormir lo suficiente y evitar lo que sabe que las provoca. A algunas personas también les ayuda una operación, una dieta especial o un aparato que se coloca dentro del cuerpo.

            Algunas medicinas son para emergencias. Una convulsión que dura demasiado (estado epiléptico) o varias convulsiones seguidas (convulsiones en grupo) pueden necesitar una medicina de rescate. Un ejemplo es el gel rectal de diazepam o una inyección. Su equipo de salud le puede dar un plan escrito que dice qué hacer y cuándo.
            """
        ),
        "when_to_get_help": text(
            """
            Llame al 911 si:

            - la convulsión dura más de 5 minutos
            - empieza otra convulsión antes de que la persona se recupere de la primera
            - la persona no despierta, o le cuesta respirar, después de la convulsión
            - es la primera convulsión de la persona
            - la persona se lastimó, está embarazada, tiene diabetes, o tuvo la convulsión en el agua

            Mientras espera, aleje las cosas duras o con filo y ponga algo suave bajo su cabeza. Cuando paren los temblores, póngala de lado. No la sujete ni le ponga nada en la boca.

            Hable con su clínica si las convulsiones pasan más seguido, o si su medicina le causa efectos secundarios.
            """
        ),
    },
    "alcohol-withdrawal": {
        "slug": "abstinencia-de-alcohol",
        "name": "Abstinencia de alcohol",
        "synonyms": "abstinencia alcohólica, síndrome de abstinencia, desintoxicación, desintoxicación de alcohol, delirium tremens, dejar de beber",
        "summary": text(
            """
            La abstinencia de alcohol es lo que pasa cuando una persona que bebe mucho todos los días deja de beber de repente o bebe mucho menos. Puede ser leve. Pero también puede ser peligrosa, así que necesita atención médica.
            """
        ),
        "body": text(
            """
            Cuando una persona bebe mucho por mucho tiempo, el cerebro se acostumbra al alcohol. Si deja de beber de repente, el cerebro se pone demasiado activo. Las señales casi siempre empiezan entre unas horas y uno o dos días después del último trago. Pueden incluir temblores, sudor, el corazón acelerado, náuseas, ansiedad y problemas para dormir.

            Algunas personas tienen problemas más graves, como convulsiones, o ver y oír cosas que no están ahí. La forma más grave se llama delirium tremens. Causa mucha confusión, fiebre y el corazón muy acelerado. Sin tratamiento, puede causar la muerte.

            Por estos riesgos, la forma más segura de dejar de beber mucho es con ayuda de un médico. Esto se suele llamar desintoxicación médica. Según cuánto bebe la persona y su salud, puede ser en casa con revisiones frecuentes, o en un hospital.

            La medicina es una parte del cuidado. Las benzodiacepinas se usan mucho para que la abstinencia sea segura y para prevenir convulsiones. Después de la desintoxicación, la consejería, los grupos de apoyo y otras medicinas pueden ayudar a la persona a no volver a beber.
            """
        ),
        "when_to_get_help": text(
            """
            Si usted bebe mucho todos los días, hable con un médico antes de dejar de beber. Dejarlo de repente por su cuenta puede ser peligroso.

            Llame al 911 si alguien con abstinencia de alcohol:

            - tiene una convulsión
            - está confundido o no sabe dónde está
            - ve, oye o siente cosas que no están ahí
            - tiene fiebre alta, el corazón muy acelerado o suda mucho
            - no puede parar de vomitar
            """
        ),
    },
    "insomnia": {
        "slug": "insomnio",
        "name": "Insomnio",
        "synonyms": "problemas para dormir, no puedo dormir, falta de sueño, desvelo, dificultad para dormir",
        "summary": text(
            """
            Insomnio es tener problemas para quedarse dormido, para seguir dormido o despertarse muy temprano. Por eso se siente cansado o mal durante el día. Los periodos cortos son comunes. El insomnio que dura más tiempo tiene tratamiento.
            """
        ),
        "body": text(
            """
            Casi todas las personas duermen mal de vez en cuando. Muchas veces es por estrés, una enfermedad, un viaje o un cambio de rutina. Casi siempre mejora solo. Cuando duerme mal por lo menos tres noches por semana durante tres meses o más, se llama insomnio de largo plazo (crónico).

            Dormir mal muchas veces tiene que ver con otra cosa. Por ejemplo: ansiedad, tristeza, dolor, problemas para respirar al dormir, cafeína, alcohol o una medicina. Tratar la causa a menudo ayuda.

            Cambiar los hábitos de sueño ayuda a muchas personas:

            - acostarse y levantarse a la misma hora todos los días
            - tener el cuarto oscuro y tranquilo
            - no usar pantallas ni tomar cafeína al final del día
            - levantarse un rato si no puede dormir

            Una terapia con un profesional, la terapia cognitivo-conductual para el insomnio, es el tratamiento que más se recomienda primero para el insomnio de largo plazo.

            La medicina es una opción, casi siempre por poco tiempo. Las pastillas para dormir pueden dejarlo con sueño al día siguiente. Con el tiempo suelen funcionar menos. Y algunas pueden causar dependencia.
            """
        ),
        "when_to_get_help": text(
            """
            Hable con su clínica si duerme mal por más de unas semanas o si eso le hace difícil pasar el día.

            Avise también a su clínica si ronca fuerte, deja de respirar o se ahoga al dormir, o se queda dormido de día sin querer. Pueden ser señales de apnea del sueño.

            No maneje ni use máquinas si tiene mucho sueño.
            """
        ),
    },
    "stress-related-digestive-disorders": {
        "slug": "trastornos-digestivos-por-estres",
        "name": "Trastornos digestivos por estrés",
        "synonyms": "estómago nervioso, estomago nervioso, colon irritable, síndrome del intestino irritable, colitis nerviosa, nervios en el estómago",
        "summary": text(
            """
            El estrés y la preocupación pueden afectar el estómago y el intestino. Pueden causar dolor de estómago, hinchazón, diarrea o estreñimiento. Estos problemas son reales y comunes. Hay muchas formas de aliviarlos.
            """
        ),
        "body": text(
            """
            El cerebro y el intestino están muy conectados. Cuando usted siente estrés o ansiedad, el intestino puede reaccionar. Puede sentir "mariposas", retortijones, náuseas o ganas urgentes de ir al baño.

            En algunas personas estos síntomas vuelven una y otra vez. El síndrome del intestino irritable, también llamado colon irritable, es una enfermedad común de largo plazo. Causa dolor de barriga junto con diarrea, estreñimiento o las dos cosas. El estrés solo no causa el colon irritable. Pero puede empeorar los síntomas.

            Muchas cosas pueden ayudar:

            - cambiar qué come y cuándo come, a veces con ayuda de un nutricionista
            - hacer ejercicio seguido y dormir lo suficiente
            - formas de manejar el estrés, como ejercicios de relajación o de respiración
            - terapias con un profesional, como la terapia cognitivo-conductual o la hipnosis enfocada en el intestino

            La medicina es una opción. El médico puede sugerir medicinas para el dolor, la diarrea o el estreñimiento, o una dosis baja de ciertos antidepresivos. Las medicinas para calmar, como las benzodiacepinas, no son un tratamiento normal para los problemas del intestino. Casi nunca se usan para eso.
            """
        ),
        "when_to_get_help": text(
            """
            Vea a un médico pronto si tiene:

            - sangre en el excremento, o excremento negro y pegajoso
            - pérdida de peso sin razón
            - síntomas del estómago que lo despiertan de noche
            - fiebre junto con los síntomas del estómago
            - un cambio que no se quita en cómo va al baño, sobre todo si tiene más de 50 años
            - problemas para tragar, o vómitos que vuelven una y otra vez

            Llame al 911 o vaya a una sala de emergencias si tiene un dolor de barriga fuerte y repentino, o si vomita sangre.
            """
        ),
    },
}
