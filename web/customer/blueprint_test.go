package customer_test

import "github.com/tandemhq/tandem"

// Aspect keys of the test blueprint.
const (
	aspectWindowView = "window-view"
	aspectCoffee     = "coffee-temperature"
)

// restaurant is the test service: a dine-in visit shaped like the S1 demo,
// with every kind of customer step the companion shows: a plain one, one
// with a short version for regulars and ability requirements, a
// company-specific one, and a timed one with a nudge after a waiter's step.
// It lives here rather than in the demo so these tests pin their own data.
func restaurant() (tandem.Service, tandem.Blueprint) {
	s := tandem.Service{Name: tx("Dine-in", "Обед в зале", "Ruokailu ravintolassa")}
	b := tandem.Blueprint{
		Steps: []tandem.Step{
			{
				Key: "arrive", Lane: tandem.LaneCustomer,
				Title:           tx("Arrive and be greeted", "Прийти — вас встретят", "Saavu – sinut otetaan vastaan"),
				Short:           tx("Tell us how many you are.", "Скажите, сколько вас.", "Kerro, montako teitä on."),
				Why:             tx("You get a table that suits you without standing at the door.", "Вы быстро получите подходящий столик.", "Saat sopivan pöydän nopeasti."),
				Expected:        tx("Come in and tell us how many you are.", "Войдите и скажите, сколько вас.", "Tule sisään ja kerro, montako teitä on."),
				How:             tx("A waiter meets you at the door within a minute.", "Официант встретит вас у входа в течение минуты.", "Tarjoilija tulee ovelle minuutin sisällä."),
				Ability:         tx("The entrance has one low step; there is a ramp on the left.", "У входа одна низкая ступенька, слева пандус.", "Sisäänkäynnillä on yksi matala porras, vasemmalla on luiska."),
				Assisted:        tx("Ring the bell by the ramp and we come out to you.", "Позвоните в звонок у пандуса — мы выйдем к вам.", "Soita luiskan kelloa, niin tulemme vastaan."),
				Requirements:    []tandem.Requirement{tandem.Standing},
				ExpectedMinutes: 2,
			},
			{Key: "greet", Lane: tandem.LaneFrontline, Title: tx("Greet the guest", "Встретить гостя", "Tervehdi asiakasta")},
			{
				Key: "order", Lane: tandem.LaneCustomer,
				Title:        tx("Choose a dish and a glass of wine", "Выбрать блюдо и бокал вина", "Valitse annos ja lasillinen viiniä"),
				Short:        tx("Order from the menu.", "Закажите по меню.", "Tilaa ruokalistalta."),
				Why:          tx("A wine chosen for the dish makes both taste better.", "Вино к блюду делает вкуснее и то и другое.", "Annokseen valittu viini maistuu paremmalta."),
				Expected:     tx("Tell the waiter your dish and your drink.", "Назовите официанту блюдо и напиток.", "Kerro tarjoilijalle annoksesi ja juomasi."),
				How:          tx("Next to every dish the menu shows a wine that suits it.", "Рядом с каждым блюдом в меню указано подходящее вино.", "Jokaisen annoksen vieressä on siihen sopiva viini."),
				Assisted:     tx("Ask the waiter to read the menu with you.", "Попросите официанта прочитать меню вместе с вами.", "Pyydä tarjoilijaa lukemaan ruokalista kanssasi."),
				Requirements: []tandem.Requirement{tandem.ReadSmallText, tandem.LocalLanguage},
			},
			{
				Key: "pay-first", Lane: tandem.LaneCustomer, CompanySpecific: true,
				Title:    tx("Pay when you order", "Оплатить сразу при заказе", "Maksa tilatessasi"),
				Short:    tx("Pay now.", "Оплатите сейчас.", "Maksa nyt."),
				Expected: tx("Here you pay at the counter before the food comes.", "Здесь платят на кассе до того, как принесут еду.", "Täällä maksetaan tiskillä ennen kuin ruoka tuodaan."),
				How:      tx("Show the order number on your receipt to the cashier.", "Покажите кассиру номер заказа на чеке.", "Näytä kassalle kuitin tilausnumero."),
				Assisted: tx("You may also pay the waiter at the table.", "Можно также заплатить официанту за столиком.", "Voit myös maksaa tarjoilijalle pöydässä."),
			},
			{Key: "serve-coffee", Lane: tandem.LaneFrontline, Title: tx("Serve the coffee", "Подать кофе", "Tarjoile kahvi")},
			{
				Key: "drink-coffee", Lane: tandem.LaneCustomer, WindowMinutes: 5,
				Title:    tx("Drink your coffee", "Выпить кофе", "Juo kahvisi"),
				Why:      tx("Coffee tastes best while it is hot.", "Кофе вкуснее всего горячим.", "Kahvi maistuu parhaalta kuumana."),
				Expected: tx("Enjoy it while it is hot.", "Пейте, пока горячий.", "Nauti se kuumana."),
				Nudge:    tx("Your coffee has been waiting a while: it tastes best hot.", "Ваш кофе уже ждёт: горячим он вкуснее.", "Kahvisi on odottanut jo hetken: se on parhaimmillaan kuumana."),
			},
			{
				Key: "leave", Lane: tandem.LaneCustomer,
				Title: tx("Leave when you are ready", "Уйти, когда захотите", "Lähde, kun olet valmis"),
			},
		},
		Aspects: []tandem.Aspect{
			{Key: aspectWindowView, StepKey: "arrive", Name: tx("View from the window", "Вид из окна", "Näkymä ikkunasta"), ControlledBy: tandem.PartyProvider},
			{Key: "friendly-waiter", Name: tx("Friendly waiter", "Дружелюбный официант", "Ystävällinen tarjoilija"), ControlledBy: tandem.PartyProvider},
			{Key: aspectCoffee, StepKey: "drink-coffee", Name: tx("Coffee temperature", "Температура кофе", "Kahvin lämpötila"), ControlledBy: tandem.PartyCustomer},
		},
		Preparation: tx("Bring your booking number.", "Возьмите с собой номер брони.", "Ota varausnumerosi mukaan."),
		Readiness:   []tandem.Dimension{tandem.Motivation, tandem.RoleClarity, tandem.KnowHow, tandem.Ability},
	}
	return s, b
}
