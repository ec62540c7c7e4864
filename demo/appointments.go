package demo

import tandem "github.com/tandemhq/tandem"

// Barber returns the first half of S5, a service that needs the customer
// present (nobody can have your hair cut for you): booked ahead, with
// preparation to read before the visit.
func Barber() (tandem.Service, tandem.Blueprint) {
	s := tandem.Service{
		Name: tx("Haircut by appointment", "Стрижка по записи", "Hiustenleikkuu ajanvarauksella"),
		Description: tx(
			"A haircut at the time you booked: come prepared, tell the barber what you want, and check the result before you pay.",
			"Стрижка в назначенное время: приходите подготовленным, расскажите мастеру, чего хотите, и посмотрите результат до оплаты.",
			"Hiustenleikkuu varaamaasi aikaan: tule valmistautuneena, kerro parturille toiveesi ja katso lopputulos ennen maksamista."),
	}
	b := tandem.Blueprint{
		Preparation: tx(
			"Arrive with clean, dry hair and without hair products: the cut is more precise and you need no wash. Bring a photo of the cut you like, if you have one. Please come five minutes early; if you cannot make it, cancel from this page so someone else gets the time.",
			"Приходите с чистыми сухими волосами, без укладочных средств: так стрижка получится точнее, а мыть голову не придётся. Если есть фото стрижки, которая вам нравится, возьмите его. Приходите за пять минут до начала; если не сможете прийти, отмените запись на этой странице — время достанется другому.",
			"Tule puhtain ja kuivin hiuksin ilman muotoilutuotteita: leikkaus onnistuu tarkemmin eikä hiuksia tarvitse pestä. Ota mukaan kuva mieleisestäsi leikkauksesta, jos sinulla on. Tule viisi minuuttia etuajassa; jos et pääse, peru aika tältä sivulta, niin joku muu saa sen."),
		Steps: []tandem.Step{
			{
				Key: "reminder", Lane: tandem.LanePartner,
				Title: tx("Booking system sends a reminder the day before", "Система записи присылает напоминание накануне", "Ajanvarausjärjestelmä lähettää muistutuksen edellisenä päivänä"),
			},
			{
				Key: "prepare", Lane: tandem.LaneCustomer,
				Title:    tx("Get ready: come with clean hair", "Подготовиться: прийти с чистыми волосами", "Valmistaudu: tule puhtain hiuksin"),
				Why:      tx("Clean, dry hair is cut more precisely, and you skip the wash and its price.", "Чистые сухие волосы стригутся точнее, а мытьё головы и его стоимость не понадобятся.", "Puhtaat, kuivat hiukset leikataan tarkemmin, ja säästät pesun ja sen hinnan."),
				Expected: tx("Wash your hair at home and leave out gel or wax.", "Вымойте голову дома и не наносите гель или воск.", "Pese hiukset kotona äläkä laita geeliä tai vahaa."),
				How:      tx("Read the preparation on this page the day before. A photo of the cut you want helps the barber most.", "Прочитайте накануне подготовку на этой странице. Больше всего мастеру поможет фото стрижки, которую вы хотите.", "Lue valmistautumisohjeet tältä sivulta edellisenä päivänä. Kuva toivomastasi leikkauksesta auttaa parturia eniten."),
				Short:    tx("Clean, dry hair; a photo helps.", "Чистые сухие волосы; фото поможет.", "Puhtaat, kuivat hiukset; kuva auttaa."),
			},
			{
				Key: "arrive", Lane: tandem.LaneCustomer,
				Title:           tx("Arrive on time", "Прийти вовремя", "Saavu ajoissa"),
				Why:             tx("Your chair is waiting for you, so your whole time goes to your haircut.", "Кресло ждёт вас, и всё ваше время уходит на стрижку.", "Tuolisi odottaa sinua, joten koko varattu aika menee leikkaukseesi."),
				Expected:        tx("Come five minutes before your time and tell us your name.", "Приходите за пять минут и назовите своё имя.", "Tule viisi minuuttia ennen aikaasi ja kerro nimesi."),
				How:             tx("Sit down in the waiting corner; the barber calls you by name.", "Присядьте в зоне ожидания — мастер позовёт вас по имени.", "Istu odotusnurkkaukseen; parturi kutsuu sinut nimeltä."),
				Short:           tx("Five minutes early, please.", "Приходите за пять минут.", "Tule viisi minuuttia etuajassa."),
				Ability:         tx("There are two steps at the door.", "У входа две ступеньки.", "Ovella on kaksi porrasta."),
				Assisted:        tx("Use a wheelchair or walker? Call us and we open the back door with no steps.", "Пользуетесь коляской или ходунками? Позвоните нам — откроем заднюю дверь без ступенек.", "Käytätkö pyörätuolia tai rollaattoria? Soita meille, niin avaamme portaattoman takaoven."),
				ExpectedMinutes: 5,
			},
			{
				Key: "tell-wishes", Lane: tandem.LaneCustomer,
				Title:           tx("Tell the barber what you want", "Рассказать мастеру, чего вы хотите", "Kerro parturille, mitä haluat"),
				Why:             tx("You get the cut you want, not the barber's guess.", "Вы получите ту стрижку, которую хотите, а не догадку мастера.", "Saat haluamasi leikkauksen etkä parturin arvausta."),
				Expected:        tx("Say how short, and show the photo if you brought one.", "Скажите, насколько коротко, и покажите фото, если оно есть.", "Kerro, kuinka lyhyeksi, ja näytä kuva, jos toit sellaisen."),
				How:             tx("Say it in centimetres or with your fingers, and mention your parting and the neckline. Not sure? Ask what would suit you.", "Покажите длину в сантиметрах или пальцами, скажите про пробор и линию на шее. Не уверены? Спросите, что вам подойдёт.", "Näytä pituus senteillä tai sormilla ja kerro jakaukesta ja niskalinjasta. Etkö ole varma? Kysy, mikä sinulle sopisi."),
				Short:           tx("How short, and your photo.", "Какая длина, и ваше фото.", "Kuinka lyhyeksi, ja kuvasi."),
				Requirements:    []tandem.Requirement{tandem.LocalLanguage},
				Ability:         tx("Explaining what you want; we speak Finnish, English and Russian.", "Нужно объяснить, чего вы хотите; мы говорим по-фински, по-английски и по-русски.", "Toiveiden selittäminen; puhumme suomea, englantia ja venäjää."),
				Assisted:        tx("Show a photo or point at the pictures in our style book: no words needed.", "Покажите фото или картинку в нашем альбоме стрижек — слова не нужны.", "Näytä kuva tai osoita kuvaa mallikirjastamme – sanoja ei tarvita."),
				ExpectedMinutes: 3,
			},
			{
				Key: "cut", Lane: tandem.LaneFrontline,
				Title:           tx("Cut the hair", "Подстричь", "Leikkaa hiukset"),
				ExpectedMinutes: 30,
			},
			{
				Key: "clean-tools", Lane: tandem.LaneBackstage,
				Title: tx("Clean the tools and the chair for the next customer", "Продезинфицировать инструменты и кресло для следующего клиента", "Puhdista työvälineet ja tuoli seuraavalle asiakkaalle"),
			},
			{
				Key: "check-result", Lane: tandem.LaneCustomer,
				Title:           tx("Check the result in the mirror", "Посмотреть результат в зеркале", "Katso lopputulos peilistä"),
				Why:             tx("Anything you want changed is fixed now, free, before you leave.", "Всё, что хочется поправить, исправят сразу и бесплатно, пока вы здесь.", "Kaikki, mitä haluat muuttaa, korjataan heti ja maksutta ennen kuin lähdet."),
				Expected:        tx("Look at the front and the back, and say if anything should change.", "Посмотрите спереди и сзади и скажите, если что-то нужно изменить.", "Katso edestä ja takaa ja sano, jos jotain pitää muuttaa."),
				How:             tx("The barber holds a hand mirror behind you. Speaking up now is welcome, not rude.", "Мастер подержит зеркало у вас за спиной. Сказать сейчас — это нормально, а не невежливо.", "Parturi pitää käsipeiliä takanasi. Nyt kannattaa sanoa – se ei ole epäkohteliasta."),
				Short:           tx("Say now if anything should change.", "Скажите сейчас, если что-то поправить.", "Sano nyt, jos jotain pitää muuttaa."),
				ExpectedMinutes: 2,
			},
			{
				Key: "pay", Lane: tandem.LaneCustomer,
				Title:           tx("Pay at the desk", "Оплатить на стойке", "Maksa tiskillä"),
				Why:             tx("You can book your next time at once and skip the phone call.", "Сразу можно записаться на следующий раз и не звонить.", "Voit varata samalla seuraavan ajan etkä joudu soittamaan."),
				Expected:        tx("Pay at the desk by card, phone or cash.", "Оплатите на стойке картой, телефоном или наличными.", "Maksa tiskillä kortilla, puhelimella tai käteisellä."),
				How:             tx("Tap your card or phone on the terminal. Want the same cut again? Ask us to book it now.", "Приложите карту или телефон к терминалу. Хотите так же в следующий раз? Попросите записать вас сразу.", "Maksa lähimaksulla kortilla tai puhelimella. Haluatko saman leikkauksen uudestaan? Pyydä varaamaan aika heti."),
				Short:           tx("Card, phone or cash.", "Карта, телефон или наличные.", "Kortti, puhelin tai käteinen."),
				Requirements:    []tandem.Requirement{tandem.BankCard},
				Ability:         tx("A payment card, a phone that can pay, or cash.", "Банковская карта, телефон с оплатой или наличные.", "Maksukortti, maksava puhelin tai käteinen."),
				Assisted:        tx("Cash is fine, and so is an invoice for regular customers.", "Можно наличными, а постоянным клиентам — по счёту.", "Käteinen käy, ja kanta-asiakkaille myös lasku."),
				ExpectedMinutes: 2,
			},
		},
		Aspects: []tandem.Aspect{
			{Key: "on-time", StepKey: "arrive", Name: tx("Started on time", "Начали вовремя", "Alkoi ajallaan"), ControlledBy: tandem.PartyShared},
			{Key: "listened", StepKey: "tell-wishes", Name: tx("The barber listened", "Мастер выслушал", "Parturi kuunteli"), ControlledBy: tandem.PartyProvider},
			{Key: "result", StepKey: "check-result", Name: tx("The haircut itself", "Сама стрижка", "Itse leikkaus"), ControlledBy: tandem.PartyProvider},
			{Key: "prep-info", StepKey: "prepare", Name: tx("Knew how to prepare", "Знал, как подготовиться", "Tiesin, miten valmistautua"), ControlledBy: tandem.PartyProvider},
			{Key: "price", StepKey: "pay", Name: tx("Price", "Цена", "Hinta"), ControlledBy: tandem.PartyProvider},
		},
		Readiness: []tandem.Dimension{tandem.Motivation, tandem.RoleClarity, tandem.KnowHow},
	}
	return s, b
}

// Doctor returns the second half of S5, a doctor's appointment: the patient
// prepares at home (insurance card, list of medicines), checks in, is called
// in and leaves with clear instructions.
func Doctor() (tandem.Service, tandem.Blueprint) {
	s := tandem.Service{
		Name: tx("Doctor's appointment", "Приём у врача", "Lääkärin vastaanotto"),
		Description: tx(
			"A visit to a general practitioner at the time you booked: prepare at home, check in, and leave with clear instructions.",
			"Визит к терапевту в назначенное время: подготовьтесь дома, отметьтесь при входе и уходите с понятными рекомендациями.",
			"Käynti yleislääkärillä varaamaasi aikaan: valmistaudu kotona, ilmoittaudu ja lähde selkein ohjein."),
	}
	b := tandem.Blueprint{
		Preparation: tx(
			"Bring your insurance card (Kela card) and a list of the medicines you take, with their doses. Write down your symptoms, since when you have had them, and your questions: the doctor then has the whole picture in the first minutes. Come ten minutes early to check in.",
			"Возьмите страховую карту (карту Kela) и список лекарств, которые вы принимаете, с дозировками. Запишите симптомы, с какого времени они есть, и свои вопросы — так врач в первые же минуты увидит всю картину. Приходите за десять минут, чтобы успеть отметиться.",
			"Ota mukaan Kela-korttisi ja luettelo käyttämistäsi lääkkeistä annoksineen. Kirjoita ylös oireesi, milloin ne alkoivat ja kysymyksesi: näin lääkäri saa kokonaiskuvan heti ensimmäisinä minuutteina. Tule kymmenen minuuttia etuajassa ilmoittautumaan."),
		Steps: []tandem.Step{
			{
				Key: "prepare-list", Lane: tandem.LaneCustomer,
				Title:    tx("Write down your medicines, symptoms and questions", "Записать лекарства, симптомы и вопросы", "Kirjoita ylös lääkkeesi, oireesi ja kysymyksesi"),
				Why:      tx("More of your visit goes to your questions, and nothing important is forgotten.", "Больше времени приёма уйдёт на ваши вопросы, и ничего важного не забудется.", "Suurempi osa käynnistä jää kysymyksillesi, eikä mitään tärkeää unohdu."),
				Expected: tx("Bring your insurance card and a list of your medicines with their doses.", "Возьмите страховую карту и список лекарств с дозировками.", "Ota mukaan Kela-kortti ja luettelo lääkkeistäsi annoksineen."),
				How:      tx("A photo of your medicine packages works as a list. Note since when you have had your symptoms.", "Вместо списка подойдут фото упаковок лекарств. Отметьте, с какого времени у вас симптомы.", "Kuva lääkepakkauksista käy luettelosta. Merkitse muistiin, milloin oireet alkoivat."),
				Short:    tx("Insurance card and your medicine list.", "Страховая карта и список лекарств.", "Kela-kortti ja lääkeluettelo."),
			},
			{
				Key: "check-in", Lane: tandem.LaneCustomer,
				Title:           tx("Check in at the kiosk", "Отметиться в терминале", "Ilmoittaudu automaatilla"),
				Why:             tx("The doctor sees at once that you have arrived, and no queue at the desk.", "Врач сразу видит, что вы пришли, и не нужно стоять в очереди к стойке.", "Lääkäri näkee heti, että olet tullut, etkä joudu jonottamaan tiskille."),
				Expected:        tx("Show your insurance card to the kiosk by the door.", "Приложите страховую карту к терминалу у входа.", "Näytä Kela-korttisi oven vieressä olevalle automaatille."),
				How:             tx("Hold the card against the reader under the screen until it beeps; the screen shows your room and number.", "Приложите карту к считывателю под экраном, пока не раздастся сигнал; на экране появятся номер кабинета и ваш номер.", "Pidä korttia näytön alla olevaa lukijaa vasten, kunnes kuuluu piippaus; näytölle tulevat huoneesi ja numerosi."),
				Short:           tx("Card on the kiosk reader.", "Карту — к считывателю терминала.", "Kortti automaatin lukijaan."),
				Requirements:    []tandem.Requirement{tandem.TouchScreen, tandem.ReadSmallText},
				Ability:         tx("Using a touch screen and reading the text on it.", "Нужно пользоваться сенсорным экраном и читать текст на нём.", "Kosketusnäytön käyttö ja sen tekstin lukeminen."),
				Assisted:        tx("Prefer a person? The reception desk checks you in just as well.", "Удобнее с человеком? На стойке регистрации вас отметят точно так же.", "Haluatko asioida ihmisen kanssa? Vastaanoton tiski ilmoittaa sinut yhtä hyvin."),
				ExpectedMinutes: 2,
			},
			{
				Key: "wait-call", Lane: tandem.LaneCustomer,
				Title:           tx("Wait to be called", "Дождаться вызова", "Odota, että sinut kutsutaan"),
				Why:             tx("You can sit in comfort; nobody is called past you.", "Можно спокойно посидеть — вашу очередь никто не займёт.", "Voit istua rauhassa; kukaan ei mene ohitsesi."),
				Expected:        tx("Wait in the lobby until your number appears and is called.", "Подождите в холле, пока ваш номер не появится на табло и его не назовут.", "Odota aulassa, kunnes numerosi tulee näytölle ja se kutsutaan."),
				How:             tx("Your number appears on the screen with the room, and a chime sounds. This page shows it too.", "Ваш номер появится на табло вместе с номером кабинета, прозвучит сигнал. Эта страница тоже его покажет.", "Numerosi tulee näytölle huoneen kanssa, ja kuuluu äänimerkki. Myös tämä sivu näyttää sen."),
				Short:           tx("Watch the screen for your number.", "Следите за своим номером на табло.", "Seuraa numeroasi näytöltä."),
				Requirements:    []tandem.Requirement{tandem.Hearing, tandem.ReadSmallText},
				Ability:         tx("Hearing the chime or seeing the screen.", "Нужно услышать сигнал или увидеть табло.", "Äänimerkin kuuleminen tai näytön näkeminen."),
				Assisted:        tx("Tell reception if you do not hear or see well: the doctor comes to fetch you.", "Скажите на стойке, если плохо слышите или видите, — врач сам выйдет за вами.", "Kerro vastaanotossa, jos kuulet tai näet huonosti: lääkäri tulee hakemaan sinut."),
				ExpectedMinutes: 10,
			},
			{
				Key: "call-in", Lane: tandem.LaneFrontline,
				Title:           tx("Call the patient in", "Пригласить пациента", "Kutsu potilas sisään"),
				ExpectedMinutes: 1,
			},
			{
				Key: "tell-symptoms", Lane: tandem.LaneCustomer,
				Title:           tx("Tell the doctor what troubles you", "Рассказать врачу, что беспокоит", "Kerro lääkärille, mikä vaivaa"),
				Why:             tx("The clearer the picture, the better the care you get.", "Чем яснее картина, тем точнее вам помогут.", "Mitä selkeämpi kuva, sitä parempaa hoitoa saat."),
				Expected:        tx("Tell your symptoms, show your medicine list and ask your questions.", "Расскажите о симптомах, покажите список лекарств и задайте свои вопросы.", "Kerro oireesi, näytä lääkeluettelosi ja kysy kysymyksesi."),
				How:             tx("Start with the most important thing. Read your questions from your note so none is left out.", "Начните с самого важного. Читайте вопросы по записке, чтобы ничего не пропустить.", "Aloita tärkeimmästä. Lue kysymyksesi muistilapulta, ettei mikään unohdu."),
				Short:           tx("Most important first; use your note.", "Сначала главное; пользуйтесь запиской.", "Tärkein ensin; käytä muistilappua."),
				Requirements:    []tandem.Requirement{tandem.LocalLanguage},
				Ability:         tx("Talking with the doctor in Finnish, Swedish or English.", "Нужно говорить с врачом по-фински, по-шведски или по-английски.", "Keskustelu lääkärin kanssa suomeksi, ruotsiksi tai englanniksi."),
				Assisted:        tx("Need an interpreter? Say so when you book, and it is free of charge.", "Нужен переводчик? Скажите об этом при записи — это бесплатно.", "Tarvitsetko tulkin? Kerro siitä ajanvarauksen yhteydessä; tulkkaus on maksuton."),
				ExpectedMinutes: 15,
			},
			{
				Key: "record", Lane: tandem.LaneBackstage,
				Title:           tx("Write the patient record and the e-prescription", "Заполнить карту пациента и электронный рецепт", "Kirjaa potilaskertomus ja sähköinen resepti"),
				ExpectedMinutes: 5,
			},
			{
				Key: "pharmacy", Lane: tandem.LanePartner,
				Title: tx("Pharmacy receives the e-prescription", "Аптека получает электронный рецепт", "Apteekki saa sähköisen reseptin"),
			},
			{
				Key: "follow-up", Lane: tandem.LaneCustomer,
				Title:           tx("Take home your instructions", "Взять с собой рекомендации", "Ota hoito-ohjeet mukaan"),
				Why:             tx("You know exactly what to do at home and when to come back.", "Вы точно знаете, что делать дома и когда прийти снова.", "Tiedät tarkalleen, mitä tehdä kotona ja milloin tulla uudestaan."),
				Expected:        tx("Make sure you understood the treatment and ask anything unclear before you go.", "Убедитесь, что поняли лечение, и спросите всё непонятное до ухода.", "Varmista, että ymmärsit hoidon, ja kysy epäselvät asiat ennen lähtöä."),
				How:             tx("Your prescription is already at any pharmacy; the printed instructions are also on this page.", "Рецепт уже доступен в любой аптеке; печатные рекомендации есть и на этой странице.", "Reseptisi on jo missä tahansa apteekissa; tulostetut ohjeet ovat myös tällä sivulla."),
				Short:           tx("Ask before you go if anything is unclear.", "Спросите до ухода, если что-то непонятно.", "Kysy ennen lähtöä, jos jokin on epäselvää."),
				ExpectedMinutes: 2,
			},
		},
		Aspects: []tandem.Aspect{
			{Key: "on-time", StepKey: "wait-call", Name: tx("Called in on time", "Приняли вовремя", "Pääsin sisään ajallaan"), ControlledBy: tandem.PartyProvider},
			{Key: "check-in-kiosk", StepKey: "check-in", Name: tx("Easy check-in", "Простая регистрация", "Helppo ilmoittautuminen"), ControlledBy: tandem.PartyProvider},
			{Key: "listened", StepKey: "tell-symptoms", Name: tx("The doctor listened", "Врач выслушал", "Lääkäri kuunteli"), ControlledBy: tandem.PartyProvider},
			{Key: "clear-instructions", StepKey: "follow-up", Name: tx("Clear instructions", "Понятные рекомендации", "Selkeät ohjeet"), ControlledBy: tandem.PartyProvider},
			{Key: "brought-documents", StepKey: "prepare-list", Name: tx("Had my card and medicine list with me", "Карта и список лекарств были с собой", "Kela-kortti ja lääkeluettelo olivat mukana"), ControlledBy: tandem.PartyCustomer},
		},
		Readiness: tandem.Dimensions,
	}
	return s, b
}
