package demo

import tandem "github.com/tandemhq/tandem"

// Service keys used in Result.Services and by the history generator.
const (
	KeyRestaurant = "restaurant"
	KeyCafeteria  = "cafeteria"
	KeyCleaning   = "cleaning"
	KeyPension    = "pension" // S3: pension withdrawal moved to an ATM
	KeyBarber     = "barber"  // S5: appointments
	KeyDoctor     = "doctor"  // S5: appointments
)

// ServiceKeys lists the demo services in the order they are created.
var ServiceKeys = []string{KeyRestaurant, KeyCafeteria, KeyCleaning, KeyPension, KeyBarber, KeyDoctor}

// Aspect keys of the S1 restaurant scenario: five things the guest liked and
// three that went wrong.
const (
	AspectWindowView        = "window-view"
	AspectFriendlyWaiter    = "friendly-waiter"
	AspectWinePairing       = "wine-pairing"
	AspectPromptBill        = "prompt-bill"
	AspectNoWaiting         = "no-waiting"
	AspectMenuChoice        = "menu-choice"
	AspectSalt              = "salt"
	AspectCoffeeTemperature = "coffee-temperature"
)

// tx builds a Text in the three languages Tandem ships with.
func tx(en, ru, fi string) tandem.Text { return tandem.Text{"en": en, "ru": ru, "fi": fi} }

// Scenario returns the service and blueprint of a demo service by key
// (one of ServiceKeys); ok is false for an unknown key.
func Scenario(key string) (s tandem.Service, b tandem.Blueprint, ok bool) {
	switch key {
	case KeyRestaurant:
		s, b = Restaurant()
	case KeyCafeteria:
		s, b = Cafeteria()
	case KeyCleaning:
		s, b = Cleaning()
	case KeyPension:
		s, b = Pension()
	case KeyBarber:
		s, b = Barber()
	case KeyDoctor:
		s, b = Doctor()
	default:
		return s, b, false
	}
	return s, b, true
}

// Restaurant returns S1, a dine-in visit to a restaurant, one guest's
// evening: window table, recommendation, dish and wine, salt, a book,
// coffee that goes cold, the bill paid at once. Each call returns fresh
// values with no IDs, ready to create and publish.
func Restaurant() (tandem.Service, tandem.Blueprint) {
	s := tandem.Service{
		Name: tx("Dine-in", "Обед или ужин в зале", "Ruokailu ravintolassa"),
		Description: tx(
			"A meal at the table: from the greeting at the door to the bill that comes with the coffee.",
			"Обед или ужин за столиком: от встречи у входа до счёта, который приносят вместе с кофе.",
			"Ateria pöydässä: tervehdyksestä ovella laskuun, joka tuodaan kahvin kanssa."),
	}
	b := tandem.Blueprint{
		Steps: []tandem.Step{
			{
				Key: "arrive", Lane: tandem.LaneCustomer,
				Short:           tx("Tell us how many you are.", "Скажите, сколько вас.", "Kerro, montako teitä on."),
				Title:           tx("Arrive and be greeted", "Прийти — вас встретят", "Saavu – sinut otetaan vastaan"),
				Why:             tx("You get a table that suits you without standing at the door.", "Вы быстро получите подходящий столик и не будете стоять у входа.", "Saat sopivan pöydän etkä joudu seisomaan ovella."),
				Expected:        tx("Come in and tell us how many you are.", "Войдите и скажите, сколько вас.", "Tule sisään ja kerro, montako teitä on."),
				How:             tx("A waiter meets you at the door within a minute. If you booked, give your name.", "Официант встретит вас у входа в течение минуты. Если вы бронировали, назовите имя.", "Tarjoilija tulee ovelle minuutin sisällä. Jos varasit pöydän, kerro nimesi."),
				Ability:         tx("The entrance has one low step; there is a ramp on the left.", "У входа одна низкая ступенька, слева есть пандус.", "Sisäänkäynnillä on yksi matala porras, vasemmalla on luiska."),
				Assisted:        tx("Need help getting in? Ring the bell by the ramp and we come out to you.", "Нужна помощь у входа? Позвоните в звонок у пандуса — мы выйдем к вам.", "Tarvitsetko apua sisäänpääsyssä? Soita luiskan vieressä olevaa kelloa, niin tulemme vastaan."),
				ExpectedMinutes: 2,
			},
			{
				Key: "greet", Lane: tandem.LaneFrontline,
				Title:           tx("Greet the guest at the door", "Встретить гостя у входа", "Tervehdi asiakasta ovella"),
				ExpectedMinutes: 1,
			},
			{
				Key: "ask-table", Lane: tandem.LaneCustomer,
				Short:           tx("Window tables 12 and 14 look out on the park.", "От столиков 12 и 14 у окна виден парк.", "Ikkunapöydistä 12 ja 14 näkyy puistoon."),
				Title:           tx("Ask for the table you like", "Попросить столик, который нравится", "Pyydä mieleistäsi pöytää"),
				Why:             tx("You sit where you enjoy it most: by the window, in a quiet corner or near the door.", "Вы сидите там, где вам приятнее всего: у окна, в тихом углу или ближе к выходу.", "Istut siellä, missä viihdyt parhaiten: ikkunan ääressä, rauhallisessa nurkassa tai lähellä ovea."),
				Expected:        tx("Say where you would like to sit.", "Скажите, где вам хотелось бы сесть.", "Kerro, mihin haluaisit istua."),
				How:             tx("Ask for a window table if you want the view: tables 12 and 14 look out on the park.", "Если хотите вид, попросите столик у окна: от столиков 12 и 14 видно парк.", "Jos haluat näköalan, pyydä ikkunapöytää: pöydistä 12 ja 14 näkyy puistoon."),
				Assisted:        tx("Not sure? The waiter will suggest a free table that suits you.", "Не знаете, где сесть? Официант предложит подходящий свободный столик.", "Etkö osaa päättää? Tarjoilija ehdottaa sopivaa vapaata pöytää."),
				ExpectedMinutes: 1,
			},
			{
				Key: "bring-menu", Lane: tandem.LaneFrontline,
				Title:           tx("Seat the guest and bring the menu", "Проводить гостя к столику и принести меню", "Ohjaa asiakas pöytään ja tuo ruokalista"),
				ExpectedMinutes: 2,
			},
			{
				Key: "ask-recommendation", Lane: tandem.LaneCustomer,
				Short:           tx("Ask what we recommend today.", "Спросите, что мы советуем сегодня.", "Kysy päivän suositusta."),
				Title:           tx("Ask for a recommendation", "Попросить совета", "Kysy suositusta"),
				Why:             tx("You find a dish you will enjoy sooner, even on a long menu.", "Вы быстрее найдёте блюдо по вкусу, даже если меню длинное.", "Löydät mieleisesi annoksen nopeammin, vaikka ruokalista on pitkä."),
				Expected:        tx("Tell the waiter what you like and anything you do not eat.", "Расскажите официанту, что вы любите и чего не едите.", "Kerro tarjoilijalle, mistä pidät ja mitä et syö."),
				How:             tx("Ask: \"What do you recommend today?\" Mention allergies at the same time.", "Спросите: «Что вы сегодня посоветуете?» Сразу скажите об аллергии, если она есть.", "Kysy: ”Mitä suosittelet tänään?” Kerro samalla mahdollisista allergioista."),
				Assisted:        tx("Prefer to choose alone? Today's favourites are marked with a star on the menu.", "Хотите выбрать сами? Любимые блюда дня отмечены в меню звёздочкой.", "Haluatko valita itse? Päivän suosikit on merkitty ruokalistaan tähdellä."),
				ExpectedMinutes: 3,
			},
			{
				Key: "recommend", Lane: tandem.LaneFrontline,
				Title:           tx("Recommend a dish and a wine to go with it", "Посоветовать блюдо и подходящее к нему вино", "Suosittele annosta ja siihen sopivaa viiniä"),
				ExpectedMinutes: 2,
			},
			{
				Key: "order", Lane: tandem.LaneCustomer,
				Short:           tx("The menu names a wine for every dish.", "В меню к каждому блюду указано вино.", "Ruokalistassa on viini jokaiselle annokselle."),
				Requirements:    []tandem.Requirement{tandem.ReadSmallText},
				Title:           tx("Choose a dish and a glass of wine", "Выбрать блюдо и бокал вина", "Valitse annos ja lasillinen viiniä"),
				Why:             tx("A wine chosen for the dish makes both taste better.", "Вино, подобранное к блюду, делает вкуснее и то и другое.", "Annokseen valittu viini saa molemmat maistumaan paremmin."),
				Expected:        tx("Tell the waiter your dish and your drink.", "Назовите официанту блюдо и напиток.", "Kerro tarjoilijalle annoksesi ja juomasi."),
				How:             tx("Next to every dish the menu shows a wine by the glass that suits it; ask for it by name or number.", "Рядом с каждым блюдом в меню указано подходящее вино по бокалам — назовите его или его номер.", "Jokaisen annoksen vieressä ruokalistassa on siihen sopiva lasiviini – pyydä sitä nimellä tai numerolla."),
				Ability:         tx("Reading the menu. A large-print menu is available.", "Нужно прочитать меню. Есть меню крупным шрифтом.", "Ruokalistan lukeminen. Saatavilla on myös isokirjaiminen ruokalista."),
				Assisted:        tx("Ask for the large-print menu, or the waiter reads the menu to you.", "Попросите меню крупным шрифтом, или официант прочитает его вам.", "Pyydä isokirjaimista ruokalistaa, tai tarjoilija lukee listan sinulle."),
				ExpectedMinutes: 3,
			},
			{
				Key: "wine-supply", Lane: tandem.LanePartner,
				Title: tx("Wine supplier keeps the wines by the glass in stock", "Поставщик вина поддерживает запас вин по бокалам", "Viinitoimittaja pitää lasiviinit varastossa"),
			},
			{
				Key: "cook", Lane: tandem.LaneBackstage,
				Title:           tx("Kitchen cooks the dish", "Кухня готовит блюдо", "Keittiö valmistaa annoksen"),
				ExpectedMinutes: 18,
			},
			{
				Key: "serve", Lane: tandem.LaneFrontline,
				Title:           tx("Serve the dish and the wine", "Подать блюдо и вино", "Tarjoile annos ja viini"),
				ExpectedMinutes: 2,
			},
			{
				Key: "ask-salt", Lane: tandem.LaneCustomer,
				Short:           tx("Something missing? Tap \"Call the waiter\".", "Чего-то не хватает? Нажмите «Позвать официанта».", "Puuttuuko jotain? Napauta ”Kutsu tarjoilija”."),
				Title:           tx("Ask for salt or anything missing", "Попросить соль или то, чего не хватает", "Pyydä suolaa tai muuta puuttuvaa"),
				Why:             tx("The dish ends up seasoned to your taste.", "Блюдо будет приправлено по вашему вкусу.", "Annos maustuu juuri sinun makusi mukaan."),
				Expected:        tx("Taste first, then ask for what you need.", "Сначала попробуйте, потом попросите, что нужно.", "Maista ensin ja pyydä sitten, mitä tarvitset."),
				How:             tx("Tell the waiter when they pass, or tap \"Call the waiter\" on this page.", "Скажите официанту, когда он будет рядом, или нажмите на этой странице «Позвать официанта».", "Sano tarjoilijalle tämän kulkiessa ohi tai napauta tällä sivulla ”Kutsu tarjoilija”."),
				Assisted:        tx("Salt and pepper can be on the table from the start: just ask when you sit down.", "Соль и перец могут стоять на столе с самого начала — просто попросите, когда сядете.", "Suola ja pippuri voidaan tuoda pöytään heti alussa – pyydä, kun istuudut."),
				Requests:        []tandem.RequestOption{{Key: "waiter", Label: tx("Call the waiter", "Позвать официанта", "Kutsu tarjoilija")}},
				ExpectedMinutes: 1,
			},
			{
				Key: "bring-salt", Lane: tandem.LaneFrontline,
				Title:           tx("Bring salt and pepper", "Принести соль и перец", "Tuo suola ja pippuri"),
				ExpectedMinutes: 1,
			},
			{
				Key: "eat", Lane: tandem.LaneCustomer,
				Short:           tx("Enjoy your meal, at your own pace.", "Приятного аппетита, ешьте не спеша.", "Hyvää ruokahalua, syö omaan tahtiisi."),
				Title:           tx("Enjoy the meal", "Поесть не спеша", "Nauti ateriasta"),
				Why:             tx("This is your time: nobody will hurry you.", "Это ваше время: вас никто не будет торопить.", "Tämä on sinun aikaasi: kukaan ei hoputa."),
				Expected:        tx("Eat at your own pace, and say at once if something is wrong with the dish.", "Ешьте в своём темпе и сразу скажите, если с блюдом что-то не так.", "Syö omaan tahtiisi ja kerro heti, jos annoksessa on jotain vikaa."),
				How:             tx("A problem mentioned during the meal can still be put right while you are here.", "Если сказать о проблеме во время еды, её ещё можно исправить, пока вы здесь.", "Aterian aikana kerrotun ongelman voi vielä korjata, kun olet paikalla."),
				ExpectedMinutes: 25,
			},
			{
				Key: "read", Lane: tandem.LaneCustomer,
				Short:           tx("Reading? Tell us when to bring the coffee.", "Читаете? Скажите, когда принести кофе.", "Luetko? Kerro, milloin tuomme kahvin."),
				Title:           tx("Stay on: read, talk or rest", "Остаться: почитать, поговорить, отдохнуть", "Viivy: lue, juttele tai lepää"),
				Why:             tx("The table is yours for as long as you like.", "Столик ваш, сколько захотите.", "Pöytä on sinun niin kauan kuin haluat."),
				Expected:        tx("Nothing: stay as long as you like.", "Ничего: оставайтесь, сколько хотите.", "Ei mitään: viivy niin kauan kuin haluat."),
				How:             tx("If you are reading, tell the waiter when you want your coffee, so it comes when you will drink it.", "Если читаете, скажите официанту, когда принести кофе, — тогда его подадут к тому моменту, когда вы будете пить.", "Jos luet, kerro tarjoilijalle, milloin haluat kahvisi, niin se tulee juuri silloin kun aiot juoda sen."),
				ExpectedMinutes: 30,
			},
			{
				Key: "order-coffee", Lane: tandem.LaneCustomer,
				Short:    tx("Order coffee when you are ready to drink it.", "Закажите кофе, когда будете готовы его выпить.", "Tilaa kahvi, kun olet valmis juomaan sen."),
				Title:    tx("Order coffee", "Заказать кофе", "Tilaa kahvi"),
				Why:      tx("Coffee is best hot: ordered when you are ready, it is still hot when you drink it.", "Кофе вкуснее горячим: если заказать его, когда вы готовы, он не успеет остыть.", "Kahvi on parhaimmillaan kuumana: kun tilaat sen vasta kun olet valmis, se on vielä kuumaa juodessasi."),
				Expected: tx("Ask for coffee when you are ready to drink it.", "Попросите кофе, когда будете готовы его выпить.", "Pyydä kahvia, kun olet valmis juomaan sen."),
				How:      tx("Tell the waiter, or tap \"Coffee now\" on this page. Reading? Choose \"Coffee in 20 minutes\" instead.", "Скажите официанту или нажмите на этой странице «Кофе сейчас». Читаете? Выберите «Кофе через 20 минут».", "Sano tarjoilijalle tai napauta tällä sivulla ”Kahvi nyt”. Luetko? Valitse ”Kahvi 20 minuutin päästä”."),
				Assisted: tx("Rather not keep an eye on the time? The waiter can come back and ask you later.", "Не хотите следить за временем? Официант может подойти и спросить позже.", "Etkö halua seurata aikaa? Tarjoilija voi tulla kysymään myöhemmin uudelleen."),
				Requests: []tandem.RequestOption{
					{Key: "coffee-now", Label: tx("Coffee now", "Кофе сейчас", "Kahvi nyt")},
					{Key: "coffee-later", Label: tx("Coffee in 20 minutes", "Кофе через 20 минут", "Kahvi 20 minuutin päästä"), DelayMinutes: 20},
				},
				ExpectedMinutes: 1,
			},
			{
				Key: "make-coffee", Lane: tandem.LaneBackstage,
				Title:           tx("Make the coffee", "Сварить кофе", "Keitä kahvi"),
				ExpectedMinutes: 3,
			},
			{
				Key: "coffee-and-bill", Lane: tandem.LaneFrontline,
				Title:           tx("Bring the coffee together with the bill", "Принести кофе вместе со счётом", "Tuo kahvi ja lasku yhdessä"),
				ExpectedMinutes: 1,
			},
			{
				Key: "drink-coffee", Lane: tandem.LaneCustomer,
				Title:    tx("Drink your coffee while it is hot", "Выпить кофе, пока он горячий", "Juo kahvi kuumana"),
				Why:      tx("You enjoy your coffee at its best: hot and full of aroma.", "Вы пьёте кофе в лучшем виде — горячим и ароматным.", "Saat nauttia kahvista parhaimmillaan: kuumana ja täynnä aromia."),
				Expected: tx("Drink it within about five minutes of it being served.", "Выпейте его в течение пяти минут после того, как его подали.", "Juo se noin viiden minuutin kuluessa tarjoilusta."),
				How:      tx("If you get lost in your book, this page reminds you gently. Coffee gone cold? Ask for a fresh cup.", "Если зачитаетесь, эта страница мягко напомнит о кофе. Кофе остыл? Попросите свежий.", "Jos uppoudut kirjaan, tämä sivu muistuttaa sinua hienovaraisesti. Jäähtyikö kahvi? Pyydä uusi kuppi."),
				Assisted: tx("Rather not watch the time? Ask us to bring the coffee when you close your book.", "Не хотите следить за временем? Попросите принести кофе, когда закроете книгу.", "Etkö halua seurata aikaa? Pyydä, että kahvi tuodaan vasta, kun suljet kirjan."),
				Short:    tx("Coffee is best within 5 minutes.", "Кофе вкуснее всего в первые 5 минут.", "Kahvi on parhaimmillaan 5 minuutin sisällä."),
				Nudge:    tx("Your coffee is at its best now: enjoy it while it is hot.", "Ваш кофе сейчас в самый раз — выпейте, пока он горячий.", "Kahvisi on nyt parhaimmillaan – nauti se kuumana."),
				// The window counts from the waiter serving the coffee
				// (the step before): a guest reading a book lets it go cold.
				WindowMinutes:   5,
				ExpectedMinutes: 5,
			},
			{
				Key: "pay", Lane: tandem.LaneCustomer,
				Short:           tx("Pay when the bill comes: card or phone.", "Оплатите, когда принесут счёт: картой или телефоном.", "Maksa, kun lasku tulee: kortilla tai puhelimella."),
				Requirements:    []tandem.Requirement{tandem.BankCard},
				Title:           tx("Pay at the table", "Оплатить счёт за столиком", "Maksa pöydässä"),
				Why:             tx("You can leave whenever you like, without waiting for the bill.", "Вы сможете уйти когда угодно, не дожидаясь счёта.", "Voit lähteä milloin haluat etkä joudu odottamaan laskua."),
				Expected:        tx("Pay when the bill comes.", "Оплатите счёт, когда его принесут.", "Maksa lasku, kun se tuodaan."),
				How:             tx("The waiter brings a card terminal with the bill: tap your card or phone.", "Официант приносит терминал вместе со счётом: приложите карту или телефон.", "Tarjoilija tuo maksupäätteen laskun kanssa: maksa lähimaksulla kortilla tai puhelimella."),
				Ability:         tx("A payment card or a phone that can pay.", "Банковская карта или телефон с функцией оплаты.", "Maksukortti tai puhelin, jolla voi maksaa."),
				Assisted:        tx("Cash is fine too: the waiter brings the change to your table.", "Можно и наличными: официант принесёт сдачу к столику.", "Käteinenkin käy: tarjoilija tuo vaihtorahat pöytään."),
				Requests:        []tandem.RequestOption{{Key: "bill", Label: tx("The bill, please", "Счёт, пожалуйста", "Lasku, kiitos")}},
				ExpectedMinutes: 2,
			},
			{
				Key: "card-payment", Lane: tandem.LanePartner,
				Title: tx("Card payment provider approves the payment", "Платёжный провайдер подтверждает оплату", "Korttimaksujen välittäjä hyväksyy maksun"),
			},
			{
				Key: "leave", Lane: tandem.LaneCustomer,
				Short:    tx("Tell us how it went, if you like.", "Если хотите, расскажите, как всё прошло.", "Kerro halutessasi, miten kaikki sujui."),
				Title:    tx("Leave when you are ready", "Уйти, когда захотите", "Lähde, kun olet valmis"),
				Why:      tx("Everything is settled, so you leave the moment you choose.", "Всё уже оплачено, поэтому вы уходите, когда сами решите.", "Kaikki on jo maksettu, joten lähdet juuri silloin kun itse haluat."),
				Expected: tx("Nothing more: take your things and go.", "Больше ничего: возьмите вещи и идите.", "Ei muuta: ota tavarasi ja lähde."),
				How:      tx("If you like, tell us on this page how it went: it takes half a minute.", "Если хотите, расскажите на этой странице, как всё прошло: это займёт полминуты.", "Jos haluat, kerro tällä sivulla, miten kaikki sujui: se vie puoli minuuttia."),
			},
		},
		Aspects: []tandem.Aspect{
			{Key: AspectWindowView, StepKey: "ask-table", Name: tx("View from the window", "Вид из окна", "Näkymä ikkunasta"), ControlledBy: tandem.PartyProvider},
			{Key: AspectFriendlyWaiter, Name: tx("Friendly waiter", "Дружелюбный официант", "Ystävällinen tarjoilija"), ControlledBy: tandem.PartyProvider},
			{Key: AspectWinePairing, StepKey: "order", Name: tx("Dish and wine go together", "Вино подходит к блюду", "Viini sopii annokseen"), ControlledBy: tandem.PartyProvider},
			{Key: AspectPromptBill, StepKey: "pay", Name: tx("Bill without delay", "Счёт без задержки", "Lasku ilman viivettä"), ControlledBy: tandem.PartyProvider},
			{Key: AspectNoWaiting, Name: tx("No waiting", "Без ожидания", "Ei odottelua"), ControlledBy: tandem.PartyProvider},
			{Key: AspectMenuChoice, StepKey: "order", Name: tx("Choosing from the menu", "Выбор блюд в меню", "Valinta ruokalistalta"), ControlledBy: tandem.PartyProvider},
			{Key: AspectSalt, StepKey: "ask-salt", Name: tx("Salt in the dish", "Соль в блюде", "Suolan määrä annoksessa"), ControlledBy: tandem.PartyShared},
			{Key: AspectCoffeeTemperature, StepKey: "drink-coffee", Name: tx("Coffee temperature", "Температура кофе", "Kahvin lämpötila"), ControlledBy: tandem.PartyCustomer},
		},
		Readiness: []tandem.Dimension{tandem.Motivation, tandem.RoleClarity, tandem.KnowHow},
	}
	return s, b
}

// Cafeteria returns S2, lunch in a self-service cafeteria as a first-timer
// needs to be told it: tray, drink, hot counter, dessert, pay at the till,
// and only then sit, since nobody comes to serve you.
func Cafeteria() (tandem.Service, tandem.Blueprint) {
	s := tandem.Service{
		Name: tx("Self-service lunch", "Обед в кафетерии самообслуживания", "Itsepalvelulounas"),
		Description: tx(
			"Lunch in the self-service cafeteria: take a tray, choose your food, pay at the till, then sit anywhere.",
			"Обед в кафетерии самообслуживания: возьмите поднос, выберите еду, оплатите на кассе и садитесь за любой столик.",
			"Lounas itsepalveluravintolassa: ota tarjotin, valitse ruokasi, maksa kassalla ja istu mihin haluat."),
	}
	b := tandem.Blueprint{
		Steps: []tandem.Step{
			{
				Key: "enter", Lane: tandem.LaneCustomer,
				Short:           tx("Serve yourself; pay at the till before you sit.", "Здесь самообслуживание: оплатите на кассе, прежде чем сесть.", "Täällä palvellaan itse: maksa kassalla ennen kuin istuudut."),
				CompanySpecific: true,
				Requirements:    []tandem.Requirement{tandem.ReadSmallText},
				Title:           tx("Come in and see how lunch works here", "Войти и узнать, как здесь всё устроено", "Tule sisään ja katso, miten täällä toimitaan"),
				Why:             tx("Half a minute at the sign saves you waiting at a table where nobody comes.", "Полминуты у указателя избавят вас от ожидания за столиком, к которому никто не подойдёт.", "Puoli minuuttia opasteen luona säästää sinut odottamasta pöydässä, johon kukaan ei tule."),
				Expected:        tx("Serve yourself: nobody takes orders at the tables here.", "Здесь самообслуживание: за столиками заказы не принимают.", "Täällä palvellaan itse: pöytiin ei tulla ottamaan tilauksia."),
				How: tx("Follow the green arrows on the floor: take a tray, take a drink, go along the hot counter and ask the cook for what you want, take a dessert, pay at the till, and only then sit down.",
					"Идите по зелёным стрелкам на полу: возьмите поднос, возьмите напиток, пройдите вдоль раздачи горячего и попросите повара положить, что хотите, возьмите десерт, оплатите на кассе — и только потом садитесь.",
					"Seuraa lattian vihreitä nuolia: ota tarjotin, ota juoma, kulje lämpimän linjaston ohi ja pyydä kokilta mitä haluat, ota jälkiruoka, maksa kassalla ja istu vasta sitten."),
				Ability:         tx("Reading the signs; the route is also shown in pictures.", "Нужно прочитать указатели; маршрут показан и картинками.", "Opasteiden lukeminen; reitti on näytetty myös kuvin."),
				Assisted:        tx("First time? Ask anyone in a green apron and we walk you through.", "Вы здесь впервые? Обратитесь к любому сотруднику в зелёном фартуке — мы всё покажем.", "Ensimmäinen kerta? Kysy keneltä tahansa vihreäessuiselta, niin näytämme, miten toimitaan."),
				ExpectedMinutes: 1,
			},
			{
				Key: "take-tray", Lane: tandem.LaneCustomer,
				Short:           tx("Trays are on the left by the entrance.", "Подносы слева у входа.", "Tarjottimet ovat vasemmalla sisäänkäynnin vieressä."),
				CompanySpecific: true,
				Requirements:    []tandem.Requirement{tandem.CarryTray, tandem.Standing},
				Title:           tx("Take a tray", "Взять поднос", "Ota tarjotin"),
				Why:             tx("You carry your whole lunch in one go.", "Вы унесёте весь обед за один раз.", "Saat koko lounaasi kannettua kerralla."),
				Expected:        tx("Take a tray, cutlery and a napkin at the start of the line.", "Возьмите поднос, приборы и салфетку в начале линии.", "Ota tarjotin, aterimet ja lautasliina linjaston alusta."),
				How:             tx("Trays are on the left by the entrance; cutlery is in the rack above them.", "Подносы слева у входа, приборы — на полке над ними.", "Tarjottimet ovat vasemmalla sisäänkäynnin vieressä, aterimet niiden yläpuolella."),
				Ability:         tx("Carrying a full tray while standing in line.", "Нужно стоять в очереди и нести полный поднос.", "Täyden tarjottimen kantaminen jonossa seisten."),
				Assisted:        tx("Carrying is hard? Tell the cashier and we carry your tray to your table.", "Тяжело нести? Скажите кассиру — мы донесём поднос до вашего столика.", "Onko kantaminen hankalaa? Kerro kassalla, niin kannamme tarjottimen pöytääsi."),
				ExpectedMinutes: 1,
			},
			{
				Key: "take-drink", Lane: tandem.LaneCustomer,
				Short:           tx("Drinks are next to the trays.", "Напитки рядом с подносами.", "Juomat ovat tarjottimien vieressä."),
				Title:           tx("Take a drink", "Взять напиток", "Ota juoma"),
				Why:             tx("You choose the drink and pour as much as you want.", "Вы сами выбираете напиток и наливаете сколько хотите.", "Valitset itse juoman ja otat niin paljon kuin haluat."),
				Expected:        tx("Pour your own drink at the drinks table.", "Налейте себе напиток у стола с напитками.", "Ota juoma itse juomapöydästä."),
				How:             tx("Milk, water and juice are in the dispensers; glasses are on the shelf below.", "Молоко, вода и сок — в раздатчиках, стаканы — на полке под ними.", "Maito, vesi ja mehu ovat automaateissa, lasit hyllyllä niiden alla."),
				Assisted:        tx("Ask staff to pour for you if the dispensers are hard to use.", "Если раздатчиком неудобно пользоваться, попросите сотрудника налить вам.", "Jos automaatin käyttö on hankalaa, pyydä henkilökuntaa kaatamaan juoma."),
				ExpectedMinutes: 1,
			},
			{
				Key: "hot-counter", Lane: tandem.LaneCustomer,
				Short:           tx("Say the dish's number to the cook.", "Назовите повару номер блюда.", "Sano kokille ruoan numero."),
				Requirements:    []tandem.Requirement{tandem.Standing, tandem.LocalLanguage},
				Title:           tx("Ask for your hot dish at the hot counter", "Попросить горячее блюдо на раздаче", "Pyydä lämmin ruoka linjastolta"),
				Why:             tx("The cook serves it hot, in the portion you want.", "Повар положит его горячим и такой порцией, какую вы хотите.", "Kokki annostelee ruoan kuumana ja juuri sen kokoisena kuin haluat."),
				Expected:        tx("Tell the cook which dish you want and how much.", "Скажите повару, какое блюдо и сколько вам положить.", "Kerro kokille, minkä ruoan haluat ja kuinka paljon."),
				How:             tx("Each dish has a number: say the number, and ask for a small portion or no sauce if you like.", "У каждого блюда есть номер: назовите его и, если хотите, попросите маленькую порцию или без соуса.", "Jokaisella ruoalla on numero: sano numero ja pyydä halutessasi pieni annos tai ilman kastiketta."),
				Ability:         tx("Standing in the queue for a few minutes, and saying what you want.", "Постоять несколько минут в очереди и сказать, что вы хотите.", "Muutaman minuutin jonottaminen ja sen kertominen, mitä haluat."),
				Assisted:        tx("Pointing at the picture works just as well. Cannot stand long? Sit down and tell the cashier: we bring your lunch to the table.", "Можно просто показать на картинку. Трудно долго стоять? Садитесь и скажите кассиру — мы принесём обед к столику.", "Voit myös vain osoittaa kuvaa. Onko pitkään seisominen vaikeaa? Istu ja kerro kassalle, niin tuomme lounaan pöytään."),
				ExpectedMinutes: 4,
			},
			{
				Key: "serve-hot", Lane: tandem.LaneFrontline,
				Title:           tx("Serve the hot dish", "Положить горячее блюдо", "Annostele lämmin ruoka"),
				ExpectedMinutes: 1,
			},
			{
				Key: "refill", Lane: tandem.LaneBackstage,
				Title: tx("Keep the hot counter full and the food hot", "Следить, чтобы на раздаче всё было и еда была горячей", "Pidä linjasto täynnä ja ruoka kuumana"),
			},
			{
				Key: "take-dessert", Lane: tandem.LaneCustomer,
				Short:           tx("One dessert is included.", "Один десерт входит в цену.", "Yksi jälkiruoka sisältyy hintaan."),
				Title:           tx("Take a dessert", "Взять десерт", "Ota jälkiruoka"),
				Why:             tx("You pick the dessert you fancy; it is included in the lunch price.", "Вы выбираете десерт по вкусу — он входит в цену обеда.", "Valitset mieleisesi jälkiruoan – se sisältyy lounaan hintaan."),
				Expected:        tx("Take one dessert from the end of the line, if you want one.", "Возьмите один десерт в конце линии, если хотите.", "Ota halutessasi yksi jälkiruoka linjaston lopusta."),
				How:             tx("Desserts are in the cold cabinet just before the till.", "Десерты — в холодильной витрине прямо перед кассой.", "Jälkiruoat ovat kylmävitriinissä juuri ennen kassaa."),
				ExpectedMinutes: 1,
			},
			{
				Key: "pay-till", Lane: tandem.LaneCustomer,
				Short:           tx("Pay at the till before you sit down.", "Оплатите на кассе, прежде чем сесть.", "Maksa kassalla ennen kuin istuudut."),
				CompanySpecific: true,
				Requirements:    []tandem.Requirement{tandem.BankCard},
				Title:           tx("Pay at the till before you sit", "Оплатить на кассе, прежде чем сесть", "Maksa kassalla ennen kuin istuudut"),
				Why:             tx("Once you have paid, you can eat in peace and leave whenever you like.", "Оплатив сразу, вы спокойно поедите и уйдёте, когда захотите.", "Kun olet maksanut, voit syödä rauhassa ja lähteä milloin haluat."),
				Expected:        tx("Pay for everything on your tray at the till, then find a seat.", "Оплатите на кассе всё, что на подносе, а потом выберите место.", "Maksa kassalla kaikki tarjottimellasi oleva ja etsi sitten paikka."),
				How:             tx("Card, phone, cash or lunch benefit card. The till is right after the desserts.", "Картой, телефоном, наличными или обеденной картой. Касса — сразу после десертов.", "Kortilla, puhelimella, käteisellä tai lounasedulla. Kassa on heti jälkiruokien jälkeen."),
				Ability:         tx("A payment card, a phone that can pay, cash or a lunch benefit card.", "Банковская карта, телефон с оплатой, наличные или обеденная карта.", "Maksukortti, maksava puhelin, käteinen tai lounasetukortti."),
				Assisted:        tx("Unsure how to pay with a lunch benefit card? The cashier shows you.", "Не знаете, как платить обеденной картой? Кассир покажет.", "Etkö tiedä, miten lounasedulla maksetaan? Kassa neuvoo."),
				ExpectedMinutes: 2,
			},
			{
				Key: "till", Lane: tandem.LaneFrontline,
				Title:           tx("Take payment at the till", "Принять оплату на кассе", "Ota maksu vastaan kassalla"),
				ExpectedMinutes: 1,
			},
			{
				Key: "benefit-card", Lane: tandem.LanePartner,
				Title: tx("Lunch benefit provider approves the payment", "Оператор обеденных карт подтверждает оплату", "Lounasetujen välittäjä hyväksyy maksun"),
			},
			{
				Key: "sit-eat", Lane: tandem.LaneCustomer,
				Short:           tx("Sit anywhere you like.", "Садитесь за любой столик.", "Istu mihin haluat."),
				Title:           tx("Sit anywhere and eat", "Сесть за любой столик и поесть", "Istu mihin tahansa ja syö"),
				Why:             tx("Every table is free seating: choose the one you like.", "Все столики свободные — выберите любой, какой нравится.", "Kaikki pöydät ovat vapaita – valitse mieluisesi."),
				Expected:        tx("Sit down and eat; nobody will come to take an order.", "Садитесь и ешьте; за заказом к вам никто не подойдёт.", "Istu ja syö – kukaan ei tule ottamaan tilausta."),
				How:             tx("Extra bread and water are at the station by the window.", "Дополнительный хлеб и вода — у стойки возле окна.", "Lisää leipää ja vettä saat ikkunan vieressä olevasta pisteestä."),
				ExpectedMinutes: 20,
			},
			{
				Key: "clear-tables", Lane: tandem.LaneBackstage,
				Title: tx("Clear and wipe the tables", "Убрать посуду и протереть столы", "Korjaa astiat ja pyyhi pöydät"),
			},
		},
		Aspects: []tandem.Aspect{
			{Key: "signage", StepKey: "enter", Name: tx("Clear signs: how lunch works", "Понятно, как здесь всё устроено", "Selkeät opasteet"), ControlledBy: tandem.PartyProvider},
			{Key: "hot-counter-queue", StepKey: "hot-counter", Name: tx("Queue at the hot counter", "Очередь на раздаче", "Jono lämpimällä linjastolla"), ControlledBy: tandem.PartyProvider},
			{Key: "food-temperature", StepKey: "hot-counter", Name: tx("Food temperature", "Температура еды", "Ruoan lämpötila"), ControlledBy: tandem.PartyProvider},
			{Key: "food-taste", Name: tx("Taste of the food", "Вкус еды", "Ruoan maku"), ControlledBy: tandem.PartyProvider},
			{Key: "till-speed", StepKey: "pay-till", Name: tx("Speed at the till", "Скорость на кассе", "Kassan nopeus"), ControlledBy: tandem.PartyProvider},
			{Key: "cleanliness", Name: tx("Clean tables and floor", "Чистота столов и пола", "Pöytien ja lattian siisteys"), ControlledBy: tandem.PartyProvider},
			{Key: "free-table", StepKey: "sit-eat", Name: tx("Finding a free table", "Свободный столик", "Vapaan pöydän löytäminen"), ControlledBy: tandem.PartyShared},
		},
		Readiness: tandem.Dimensions,
	}
	return s, b
}

// Cleaning returns S4, day-time office cleaning: the client's own staff scan
// a room's QR code to report a problem or thank the crew, and so become the
// quality monitors.
func Cleaning() (tandem.Service, tandem.Blueprint) {
	s := tandem.Service{
		Name: tx("Day-time office cleaning", "Дневная уборка офиса", "Toimiston päiväsiivous"),
		Description: tx(
			"Our crew cleans the client's office during working hours; the people who work there tell us, room by room, what needs doing and what went well.",
			"Наша бригада убирает офис клиента в рабочее время; сотрудники клиента по каждой комнате сообщают, что нужно сделать и что получилось хорошо.",
			"Tiimimme siivoaa asiakkaan toimistoa työaikana; siellä työskentelevät kertovat huone kerrallaan, mitä pitää tehdä ja mikä onnistui."),
	}
	b := tandem.Blueprint{
		Steps: []tandem.Step{
			{
				Key: "plan-round", Lane: tandem.LaneBackstage,
				Title: tx("Plan the day's round and supplies", "Спланировать обход и расходные материалы на день", "Suunnittele päivän kierros ja tarvikkeet"),
			},
			{
				Key: "supplies", Lane: tandem.LanePartner,
				Title: tx("Supplier delivers soap, paper and bin bags", "Поставщик привозит мыло, бумагу и мешки для мусора", "Toimittaja tuo saippuan, paperit ja roskapussit"),
			},
			{
				Key: "clean-round", Lane: tandem.LaneFrontline,
				Title: tx("Clean the rooms during office hours", "Убирать помещения в рабочее время", "Siivoa tilat työpäivän aikana"),
			},
			{
				Key: "restock", Lane: tandem.LaneFrontline,
				Title:           tx("Restock soap, paper and towels", "Пополнить мыло, бумагу и полотенца", "Täydennä saippua, paperi ja pyyhkeet"),
				ExpectedMinutes: 10,
			},
			{
				Key: "notice", Lane: tandem.LaneCustomer,
				Short:    tx("Soap missing, bin full, or well done?", "Нет мыла, полное ведро или всё отлично?", "Saippua lopussa, roskis täynnä vai hyvin tehty?"),
				Title:    tx("Notice what needs doing, or what went well", "Заметить, что нужно сделать или что получилось хорошо", "Huomaa, mitä pitää tehdä tai mikä on hyvin"),
				Why:      tx("The rooms you use every day stay the way you like them.", "Комнаты, которыми вы пользуетесь каждый день, остаются такими, как вам нравится.", "Päivittäin käyttämäsi tilat pysyvät sellaisina kuin haluat."),
				Expected: tx("Nothing extra: just notice if soap is missing, a bin is full or something is well done.", "Ничего особенного: просто заметьте, если нет мыла, переполнено мусорное ведро или что-то сделано хорошо.", "Ei mitään ylimääräistä: huomaa vain, jos saippua puuttuu, roskis on täynnä tai jokin on tehty hyvin."),
				How:      tx("Each room has a QR sticker by the door.", "В каждой комнате у двери есть наклейка с QR-кодом.", "Jokaisen huoneen oven vieressä on QR-tarra."),
			},
			{
				Key: "scan", Lane: tandem.LaneCustomer,
				Short:           tx("Scan the sticker by the door.", "Отсканируйте наклейку у двери.", "Skannaa oven vieressä oleva tarra."),
				Requirements:    []tandem.Requirement{tandem.Smartphone},
				Title:           tx("Scan the room's QR code", "Отсканировать QR-код комнаты", "Skannaa huoneen QR-koodi"),
				Why:             tx("Ten seconds, and you don't need to know whom to call.", "Десять секунд — и не нужно выяснять, кому звонить.", "Kymmenen sekuntia, eikä sinun tarvitse tietää, kenelle soittaa."),
				Expected:        tx("Point your phone's camera at the sticker and open the link.", "Наведите камеру телефона на наклейку и откройте ссылку.", "Osoita puhelimen kameralla tarraa ja avaa linkki."),
				How:             tx("No app and no login: the page already knows which room you are in.", "Без приложения и без входа: страница уже знает, в какой вы комнате.", "Ei sovellusta eikä kirjautumista: sivu tietää jo, missä huoneessa olet."),
				Ability:         tx("A phone with a camera.", "Телефон с камерой.", "Puhelin, jossa on kamera."),
				Assisted:        tx("No phone at hand? Tell reception and they report it for you.", "Нет телефона под рукой? Скажите на ресепшене — там сообщат за вас.", "Eikö puhelinta ole käsillä? Kerro vastaanottoon, niin he ilmoittavat puolestasi."),
				ExpectedMinutes: 1,
			},
			{
				Key: "report", Lane: tandem.LaneCustomer,
				Short:           tx("Tap what is wrong, or thank the crew.", "Отметьте, что не так, или поблагодарите бригаду.", "Napauta, mikä on vialla, tai kiitä tiimiä."),
				Title:           tx("Report a problem or thank the crew", "Сообщить о проблеме или поблагодарить бригаду", "Ilmoita ongelmasta tai kiitä tiimiä"),
				Why:             tx("The crew hears about it today, not at next month's meeting.", "Бригада узнает об этом сегодня, а не на собрании через месяц.", "Tiimi kuulee asiasta tänään eikä vasta ensi kuun palaverissa."),
				Expected:        tx("Tap what is wrong or what was good; add a few words if you like.", "Отметьте, что не так или что понравилось; при желании добавьте пару слов.", "Napauta, mikä on vialla tai mikä oli hyvin; lisää halutessasi muutama sana."),
				How:             tx("For example \"No soap\" or \"Bin full\". To thank someone, choose their name.", "Например, «Нет мыла» или «Ведро переполнено». Чтобы поблагодарить, выберите имя.", "Esimerkiksi ”Saippua loppu” tai ”Roskis täynnä”. Jos haluat kiittää jotakuta, valitse hänen nimensä."),
				Assisted:        tx("Prefer to talk? The crew's phone number is on the sticker.", "Удобнее сказать голосом? Номер бригады указан на наклейке.", "Haluatko mieluummin soittaa? Tiimin puhelinnumero on tarrassa."),
				ExpectedMinutes: 1,
			},
			{
				Key: "fix", Lane: tandem.LaneFrontline,
				Title:           tx("Fix the reported problem", "Устранить проблему, о которой сообщили", "Korjaa ilmoitettu ongelma"),
				ExpectedMinutes: 30,
			},
			{
				Key: "notify", Lane: tandem.LaneBackstage,
				Title: tx("Tell the reporter it is fixed", "Сообщить автору, что всё исправлено", "Kerro ilmoittajalle, että asia on korjattu"),
			},
			{
				Key: "see-fixed", Lane: tandem.LaneCustomer,
				Short:    tx("Ticked here when the crew marks it fixed.", "Шаг отметится здесь, когда бригада отметит, что всё исправлено.", "Vaihe merkitään tähän tehdyksi, kun tiimi kuittaa korjauksen."),
				Title:    tx("See that it was fixed", "Убедиться, что всё исправлено", "Näe, että asia korjattiin"),
				Why:      tx("You know your ten seconds were worth it.", "Вы знаете, что ваши десять секунд не пропали зря.", "Tiedät, ettei kymmenen sekuntiasi mennyt hukkaan."),
				Expected: tx("Nothing: when the crew marks the problem fixed, this step shows as done on this page.", "Ничего: когда бригада отметит, что проблема устранена, этот шаг на странице станет выполненным.", "Ei mitään: kun tiimi kuittaa ongelman korjatuksi, tämä vaihe näkyy sivulla tehtynä."),
				How:      tx("Keep the page open, or come back to the same link later.", "Оставьте страницу открытой или вернитесь позже по той же ссылке.", "Pidä sivu auki tai palaa samaan linkkiin myöhemmin."),
			},
		},
		Aspects: []tandem.Aspect{
			{Key: "soap-paper", StepKey: "restock", Name: tx("Soap and paper stocked", "Мыло и бумага на месте", "Saippuaa ja paperia riittää"), ControlledBy: tandem.PartyProvider},
			{Key: "floor-clean", StepKey: "clean-round", Name: tx("Clean floor", "Чистый пол", "Lattian siisteys"), ControlledBy: tandem.PartyProvider},
			{Key: "bins-emptied", StepKey: "clean-round", Name: tx("Bins emptied", "Мусор вынесен", "Roskikset tyhjennetty"), ControlledBy: tandem.PartyProvider},
			{Key: "surfaces", StepKey: "clean-round", Name: tx("Tables and surfaces wiped", "Столы и поверхности протёрты", "Pöydät ja tasot pyyhitty"), ControlledBy: tandem.PartyProvider},
			{Key: "crew-courtesy", Name: tx("Courteous crew", "Вежливая бригада", "Kohtelias siivoustiimi"), ControlledBy: tandem.PartyProvider},
			{Key: "fix-speed", StepKey: "fix", Name: tx("Quick fix after a report", "Быстрое исправление после сообщения", "Nopea korjaus ilmoituksen jälkeen"), ControlledBy: tandem.PartyProvider},
			{Key: "kitchen-dishes", Name: tx("Dirty dishes put away", "Грязная посуда убрана", "Likaiset astiat korjattu pois"), ControlledBy: tandem.PartyCustomer},
		},
	}
	return s, b
}
