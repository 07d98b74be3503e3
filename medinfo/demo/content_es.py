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


ARTICLES_ES = {
    "diazepam": {
        "slug": "diazepam",
        "title": "Diazepam (Valium)",
        "generic_name": "diazepam",
        "brand_names": "Valium, Diastat",
        "summary": text(
            """
            El diazepam (marca Valium) es una medicina con receta. Es de un grupo llamado benzodiacepinas. Calma el cerebro y los nervios. Se usa para la ansiedad, los espasmos musculares, la abstinencia de alcohol y, junto con otras medicinas, las convulsiones. Funciona bien por poco tiempo. Pero el cuerpo se puede acostumbrar a él, y es peligroso tomarlo con opioides o alcohol.
            """
        ),
        "key_facts": text(
            """
            El diazepam es una benzodiacepina, un tipo de medicina para calmar.
            Se usa para la ansiedad, los espasmos musculares, la abstinencia de alcohol y algunos tipos de convulsiones.
            Necesita receta. En EE. UU. es una sustancia controlada de la Lista IV.
            Le puede dar sueño y hacer que reaccione más lento. No maneje hasta saber cómo le afecta.
            Tomarlo con opioides, alcohol u otras medicinas que dan sueño puede hacer más lenta su respiración y puede causar la muerte.
            Su cuerpo se puede acostumbrar a él. Nunca deje de tomarlo de repente sin hablar con quien se lo recetó.
            Casi siempre es para usar por poco tiempo.
            """
        ),
        "boxed_warning": text(
            """
            El diazepam, como todas las benzodiacepinas, lleva la advertencia más fuerte de la FDA, llamada advertencia en recuadro. En palabras sencillas:

            - Opioides: tomar diazepam con medicinas opioides (como oxicodona, hidrocodona, codeína o morfina) puede causar mucho sueño, respiración lenta o difícil, coma y muerte. Solo tómelos juntos si quien se los recetó decidió que no hay una opción más segura.
            - Mal uso y adicción: el diazepam se puede usar mal, y las personas se pueden volver adictas a él, aunque lo tomen como se lo recetaron. Esto aumenta el riesgo de sobredosis y de muerte, sobre todo si se mezcla con opioides, alcohol o drogas.
            - Dependencia y abstinencia: su cuerpo puede volverse dependiente del diazepam después de días o semanas de uso regular. Dejarlo de repente o bajar la dosis muy rápido puede causar abstinencia. La abstinencia puede poner en peligro la vida y puede incluir convulsiones.
            """
        ),
        "get_help_now": text(
            """
            Respiración muy lenta o débil, o que se detiene
            No se puede despertar, o cuesta mucho despertarlo
            Labios o puntas de los dedos de color azul o gris
            Una convulsión que no para, o una convulsión tras otra
            Mucha confusión, habla arrastrada o no poder ponerse de pie
            Hinchazón de la cara, los labios, la lengua o la garganta, o dificultad para respirar de repente (puede ser una reacción alérgica)
            """
        ),
        "how_it_works": text(
            """
            Las células de los nervios del cerebro se pasan señales unas a otras con mensajeros químicos. Uno de estos mensajeros se llama GABA. Funciona como un freno: calma la actividad de los nervios en el cerebro y la médula espinal.

            El diazepam hace más fuerte el efecto calmante del GABA. Esto puede calmar la ansiedad, relajar los músculos tensos y ayudar a parar una convulsión. Ese mismo efecto es lo que da sueño. Con dosis altas o con otras drogas, también puede hacer más lenta la respiración.

            El diazepam actúa por mucho tiempo. El diazepam y las sustancias en que el cuerpo lo convierte se quedan en el cuerpo por días. Por eso, con el uso regular, el efecto se puede acumular, sobre todo en personas mayores.
            """
        ),
        "how_to_take": text(
            """
            Tome el diazepam tal como se lo indicó quien se lo recetó. La dosis depende de para qué es, de su edad y de su salud. Las personas mayores muchas veces necesitan una dosis más baja. No tome más, no lo tome más seguido y no lo siga tomando por más tiempo del recetado.

            El diazepam viene en tabletas y en líquido para tragar. También hay un gel que se pone en el recto para parar las convulsiones en grupo, y una inyección que ponen los trabajadores de salud. Las tabletas se pueden tomar con o sin comida.

            - Si olvida una dosis, tómela cuando se acuerde, a menos que ya casi sea hora de la siguiente. Nunca tome dos dosis para reponer la que olvidó.
            - Guarde el diazepam en un lugar seguro, bajo llave si puede, y lejos del alcance de los niños. Nunca lo comparta: puede ser peligroso para otra persona.
            - Lleve la medicina que ya no necesita a un lugar de devolución de medicinas, o pregunte a su farmacéutico cómo deshacerse de ella de forma segura.

            Si usted u otra persona tomó demasiado, llame a Control de Envenenamientos al 1-800-222-1222. Tienen intérpretes. Si la persona tiene problemas para respirar o no se puede despertar, llame al 911.
            """
        ),
        "side_effects": text(
            """
            Algunos efectos secundarios comunes son:

            - sueño o cansancio
            - debilidad en los músculos
            - sentirse inestable o torpe
            - problemas para recordar cosas o para concentrarse

            Muchas veces son más fuertes al empezar o cuando le suben la dosis. Las personas mayores se sienten inestables con más frecuencia. Eso aumenta el riesgo de caídas.

            Con menos frecuencia, el diazepam hace lo contrario de lo esperado. La persona se siente agitada, inquieta, enojada o agresiva. También puede bajar su ánimo. Avise a quien se lo recetó si nota cambios así, o si tiene un efecto secundario que le molesta o no se quita.
            """
        ),
        "serious_warnings": text(
            """
            Opioides y alcohol: tomar diazepam con opioides, alcohol u otras medicinas o drogas que dan sueño puede hacer más lenta su respiración o pararla. Esto puede causar coma y muerte. No tome alcohol mientras toma diazepam. Asegúrese de que todos los médicos que lo atienden sepan que lo toma.

            Tolerancia: con el uso regular, la misma dosis puede funcionar menos poco a poco. No suba la dosis por su cuenta. Hable con quien se lo recetó.

            Dependencia: después de días o semanas de uso regular, su cuerpo se puede acostumbrar al diazepam. Esto puede pasar aunque lo tome tal como se lo recetaron. Quiere decir que dejarlo de repente puede causar abstinencia. Lea más abajo la parte sobre la dependencia y cómo dejarlo con seguridad.

            Mal uso y adicción: algunas personas toman diazepam de formas que no se les recetaron. Por ejemplo, toman más, lo toman más seguido o lo toman para drogarse. Esto puede llevar a la adicción: la persona lo sigue usando aunque le hace daño. El riesgo es mayor si ha tenido problemas con el alcohol o las drogas. Por favor, cuénteselo a quien le receta.

            Manejar y usar máquinas: el diazepam puede hacer que reaccione más lento y darle sueño, a veces hasta el día siguiente. No maneje, no ande en bicicleta y no use máquinas ni herramientas eléctricas hasta saber cómo le afecta.

            Problemas de salud: avise a quien le receta si tiene problemas para respirar, apnea del sueño, enfermedad del hígado o de los riñones, miastenia gravis, glaucoma, depresión o pensamientos de hacerse daño, o si ha tenido problemas con el alcohol o las drogas. Puede que el diazepam no sea seguro para usted, o que necesite una dosis más baja.

            Sobredosis: demasiado diazepam puede causar la muerte, sobre todo si se toma con opioides o alcohol. Llame al 911 si alguien respira muy lento, no se puede despertar o tiene los labios azules. Para cualquier pregunta sobre haber tomado demasiada medicina, llame a Control de Envenenamientos al 1-800-222-1222 (EE. UU., gratis, a cualquier hora del día o de la noche, con intérpretes).
            """
        ),
        "interactions": text(
            """
            Dígales a quien le receta y a su farmacéutico todas las medicinas que toma. Incluya las que compra sin receta, las vitaminas y los productos de hierbas.

            Tenga mucho cuidado con:

            - los opioides, como codeína, hidrocodona, oxicodona, morfina, tramadol o metadona
            - el alcohol: no tome nada de alcohol mientras toma diazepam
            - otras medicinas para dormir o para calmarse, incluidas otras benzodiacepinas
            - algunos antidepresivos y otras medicinas para la salud mental
            - los antihistamínicos que dan sueño, como la difenhidramina, que viene en algunas medicinas para la alergia y para dormir
            - las medicinas que cambian cómo el hígado descompone el diazepam, como cimetidina, omeprazol, fluvoxamina, ketoconazol o rifampicina, y algunas medicinas para las convulsiones

            Todo lo demás que da sueño, incluido el cannabis (marihuana), aumenta el riesgo de sueño peligroso y de respiración lenta.
            """
        ),
        "pregnancy_breastfeeding": text(
            """
            Avise a quien le receta si está embarazada, si podría estarlo o si planea un embarazo.

            Tomar diazepam al final del embarazo puede afectar al bebé después de nacer. El bebé puede tener mucho sueño, problemas para respirar o para comer, o síntomas de abstinencia. Si toma diazepam durante el embarazo, su equipo de salud vigilará de cerca a su bebé después del parto.

            Si se entera de que está embarazada, no deje el diazepam de repente. Hable primero con quien se lo recetó, porque la abstinencia repentina puede hacerles daño a usted y a su bebé.

            El diazepam pasa a la leche materna. Puede darle sueño al bebé o hacer que coma despacio. Hable con quien le receta antes de dar pecho. Si da pecho, fíjese si el bebé tiene más sueño de lo normal, come mal o no sube de peso.
            """
        ),
        "dependence_and_stopping": text(
            """
            Si toma diazepam de forma regular por más de unos días o semanas, su cuerpo se acostumbra a él. Esto se llama dependencia física. No es lo mismo que la adicción. Pero quiere decir que hay que dejarlo con cuidado.

            Nunca deje de tomar diazepam de repente, y no baje la dosis por su cuenta. Dejarlo muy rápido puede causar abstinencia. La abstinencia puede poner en peligro la vida y puede incluir convulsiones. Algunas señales de abstinencia son:

            - ansiedad, inquietud o problemas para dormir
            - temblores, sudor o el corazón acelerado
            - náuseas o retortijones
            - mucha sensibilidad a la luz, al ruido o al tacto
            - dolores o tirones en los músculos
            - confusión, o ver u oír cosas que no están ahí
            - convulsiones

            Cuando llegue el momento de dejarlo, quien se lo recetó planeará una reducción gradual de la dosis. La dosis se baja poco a poco, durante semanas o a veces meses. No hay un solo plan igual para todos. El plan se hace para usted, según su dosis, cuánto tiempo ha tomado diazepam y cómo se siente en el camino. Si los síntomas de abstinencia son difíciles de aguantar, dígaselo a quien le receta. La reducción se puede hacer más lenta.

            Algunas personas tienen síntomas de abstinencia que duran semanas o meses después de dejarlo. Si le pasa a usted, avise a su equipo de salud.

            Para bajar el riesgo de dependencia, el diazepam casi siempre se receta por el menor tiempo que ayude. Las guías del Reino Unido dicen que, para la ansiedad o los problemas para dormir, casi siempre se debe tomar por no más de 2 a 4 semanas.
            """
        ),
        "sources": text(
            """
            Administración de Alimentos y Medicamentos de EE. UU. (FDA), comunicado de seguridad, 23 de septiembre de 2020: advertencia en recuadro actualizada para todas las benzodiacepinas (abuso, mal uso, adicción, dependencia y abstinencia)
            Administración de Alimentos y Medicamentos de EE. UU. (FDA), comunicado de seguridad, 31 de agosto de 2016: riesgos graves de tomar opioides con benzodiacepinas
            Administración para el Control de Drogas de EE. UU. (DEA), 21 CFR 1308.14: sustancias controladas de la Lista IV
            Información para recetar de Valium (diazepam) tabletas, aprobada por la FDA
            Guía del NHS del Reino Unido sobre las benzodiacepinas: uso por poco tiempo, por lo general de 2 a 4 semanas
            """
        ),
        "uses": {
            "anxiety-disorders": "El diazepam puede calmar rápido la ansiedad fuerte y los síntomas de pánico. Es para alivio por poco tiempo, muchas veces mientras empiezan a funcionar otros tratamientos de largo plazo, como la terapia con un profesional.",
            "muscle-spasms": "Se agrega a otros tratamientos para relajar los espasmos musculares. Esto incluye la rigidez por problemas de los nervios, como la parálisis cerebral o la parálisis de las piernas (paraplejia), y el síndrome de la persona rígida.",
            "seizures": "Las tabletas de diazepam se pueden agregar a la medicina diaria contra las convulsiones. Como gel rectal (Diastat) o en inyección, se usa para parar una convulsión que dura demasiado o varias convulsiones seguidas.",
            "alcohol-withdrawal": "Calma los temblores, la agitación y otros síntomas de abstinencia, también cuando empieza el delirium tremens. Se da con vigilancia médica de cerca.",
            "insomnia": "Uso no aprobado: la FDA no aprobó el diazepam para los problemas de sueño. Casi siempre se prueban primero mejores hábitos de sueño y la terapia cognitivo-conductual para el insomnio. Si se usa diazepam, es solo por unas pocas noches.",
            "stress-related-digestive-disorders": "Uso no aprobado: la FDA no aprobó el diazepam para los problemas del intestino. A veces se agrega por poco tiempo cuando la ansiedad empeora los síntomas. Pero casi siempre se prueban primero los cambios en la comida, el manejo del estrés y las medicinas para el intestino.",
        },
    },
    "lorazepam": {
        "slug": "lorazepam",
        "title": "Lorazepam (Ativan)",
        "generic_name": "lorazepam",
        "brand_names": "Ativan",
        "summary": text(
            """
            El lorazepam (marca Ativan) es una benzodiacepina con receta, una medicina para calmar. Las tabletas se usan para la ansiedad. En el hospital se usa una inyección para parar las convulsiones largas. Su efecto dura menos que el del diazepam. Como todas las benzodiacepinas, puede causar dependencia y es peligroso con opioides o alcohol.
            """
        ),
        "key_facts": text(
            """
            El lorazepam es una benzodiacepina, un tipo de medicina para calmar.
            Las tabletas se usan para la ansiedad. Una inyección se usa para parar convulsiones que duran demasiado.
            Necesita receta. En EE. UU. es una sustancia controlada de la Lista IV.
            Su efecto se pasa antes que el del diazepam.
            Tomarlo con opioides, alcohol u otras medicinas que dan sueño puede hacer más lenta su respiración y puede causar la muerte.
            Nunca deje de tomarlo de repente sin hablar con quien se lo recetó.
            """
        ),
        "boxed_warning": text(
            """
            El lorazepam, como todas las benzodiacepinas, lleva la advertencia más fuerte de la FDA, llamada advertencia en recuadro. En palabras sencillas:

            - Opioides: tomar lorazepam con medicinas opioides puede causar mucho sueño, respiración lenta o difícil, coma y muerte.
            - Mal uso y adicción: el lorazepam se puede usar mal, y las personas se pueden volver adictas a él, aunque lo tomen como se lo recetaron. Esto aumenta el riesgo de sobredosis y de muerte, sobre todo con opioides, alcohol o drogas.
            - Dependencia y abstinencia: su cuerpo puede volverse dependiente del lorazepam después de días o semanas de uso regular. Dejarlo de repente o bajar la dosis muy rápido puede causar abstinencia que pone en peligro la vida, incluso convulsiones.
            """
        ),
        "get_help_now": text(
            """
            Respiración muy lenta o débil, o que se detiene
            No se puede despertar, o cuesta mucho despertarlo
            Labios o puntas de los dedos de color azul o gris
            Una convulsión que no para, o una convulsión tras otra
            Hinchazón de la cara, los labios, la lengua o la garganta, o dificultad para respirar de repente (puede ser una reacción alérgica)
            """
        ),
        "how_it_works": text(
            """
            El lorazepam hace más fuerte el efecto del GABA. El GABA es un mensajero químico que calma la actividad de los nervios en el cerebro. Esto calma la ansiedad y puede parar una convulsión. Pero también da sueño y puede hacer más lenta la respiración.

            El lorazepam sale del cuerpo más rápido que el diazepam. Por eso el efecto de cada dosis se pasa antes.
            """
        ),
        "how_to_take": text(
            """
            Tome las tabletas de lorazepam tal como se las recetaron. No tome más, no lo tome más seguido y no lo siga tomando por más tiempo del que le indicó quien se lo recetó. La inyección solo la ponen los trabajadores de salud.

            Guárdelo bajo llave y lejos del alcance de los niños. Nunca lo comparta.

            Si usted u otra persona tomó demasiado, llame a Control de Envenenamientos al 1-800-222-1222. Tienen intérpretes. Si la persona tiene problemas para respirar o no se puede despertar, llame al 911.
            """
        ),
        "side_effects": text(
            """
            Algunos efectos secundarios comunes son:

            - sueño o cansancio
            - mareo o debilidad
            - sentirse inestable, lo que puede causar caídas, sobre todo en personas mayores
            - problemas para recordar cosas

            Avise a quien se lo recetó si tiene un efecto secundario que le molesta, o si se siente agitado, triste o distinto a como es usted.
            """
        ),
        "serious_warnings": text(
            """
            Opioides y alcohol: tomar lorazepam con opioides, alcohol u otras medicinas que dan sueño puede hacer más lenta su respiración o pararla, y puede causar la muerte. No tome alcohol mientras lo toma.

            Tolerancia, dependencia y adicción: con el uso regular, la misma dosis puede funcionar menos. Su cuerpo se puede acostumbrar al lorazepam, aunque lo tome como se lo recetaron. Algunas personas lo usan mal o se vuelven adictas. Avise a quien le receta si ha tenido problemas con el alcohol o las drogas.

            Manejar: el lorazepam le puede dar sueño y hacer que reaccione más lento. No maneje ni use máquinas hasta saber cómo le afecta.

            Sobredosis: llame al 911 si alguien respira muy lento, no se puede despertar o tiene los labios azules. Para preguntas sobre haber tomado demasiada medicina, llame a Control de Envenenamientos al 1-800-222-1222 (con intérpretes).
            """
        ),
        "interactions": text(
            """
            Dígales a quien le receta y a su farmacéutico todas las medicinas que toma. Tenga mucho cuidado con:

            - los opioides, como codeína, hidrocodona, oxicodona o morfina
            - el alcohol
            - otras medicinas para dormir o para calmarse
            - algunos antidepresivos, y los antihistamínicos que dan sueño
            """
        ),
        "pregnancy_breastfeeding": text(
            """
            Avise a quien le receta si está embarazada, si podría estarlo o si da pecho. Usar lorazepam al final del embarazo puede darle mucho sueño al recién nacido, causarle problemas para respirar o para comer, o causarle abstinencia. El lorazepam pasa a la leche materna. No lo deje de repente sin hablar primero con quien se lo recetó.
            """
        ),
        "dependence_and_stopping": text(
            """
            Si lo ha tomado de forma regular, nunca deje el lorazepam de repente ni baje la dosis por su cuenta. La abstinencia puede poner en peligro la vida y puede incluir convulsiones. Como el efecto del lorazepam se pasa rápido, los síntomas de abstinencia pueden empezar pronto después de olvidar una dosis o de dejarlo. Por ejemplo: ansiedad, temblores y problemas para dormir.

            Quien se lo recetó planeará una reducción gradual de la dosis que sea para usted. No hay un solo plan igual para todos. Avise a quien le receta si los síntomas de abstinencia son difíciles de aguantar. Así la reducción se puede hacer más lenta.
            """
        ),
        "sources": text(
            """
            Administración de Alimentos y Medicamentos de EE. UU. (FDA), comunicado de seguridad, 23 de septiembre de 2020: advertencia en recuadro actualizada para todas las benzodiacepinas
            Administración de Alimentos y Medicamentos de EE. UU. (FDA), comunicado de seguridad, 31 de agosto de 2016: riesgos graves de tomar opioides con benzodiacepinas
            Administración para el Control de Drogas de EE. UU. (DEA), 21 CFR 1308.14: sustancias controladas de la Lista IV
            Información para recetar de Ativan (lorazepam) tabletas e inyección, aprobada por la FDA
            """
        ),
        "uses": {
            "anxiety-disorders": "Las tabletas de lorazepam se usan para tratar los trastornos de ansiedad y para aliviar los síntomas de ansiedad por poco tiempo. El efecto de cada dosis se pasa antes que el del diazepam.",
            "seizures": "Los trabajadores de salud lo ponen en inyección, casi siempre en el hospital, para parar el estado epiléptico: una convulsión que dura demasiado, o una convulsión tras otra.",
            "alcohol-withdrawal": "Uso no aprobado: la abstinencia de alcohol no es un uso aprobado por la FDA para el lorazepam. Pero en los hospitales se usa mucho para calmar los síntomas de abstinencia y prevenir convulsiones, con vigilancia de cerca.",
        },
    },
}
