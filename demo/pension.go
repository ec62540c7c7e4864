package demo

import tandem "github.com/tandemhq/tandem"

// assistedCounter is the assisted path of every ATM step: the counter next
// to the machine still pays out pensions, as a real choice.
var assistedCounter = tx(
	"Prefer a person? The counter next to the ATM pays out your pension too: ask our staff.",
	"Удобнее с человеком? Пенсию выдают и в окошке рядом с банкоматом — обратитесь к нашему сотруднику.",
	"Haluatko mieluummin asioida ihmisen kanssa? Myös pankkitiski automaatin vieressä maksaa eläkkeesi – kysy henkilökunnalta.")

// Pension returns S3, where ability is the barrier: a bank branch whose
// pension withdrawal moved from the cashier to an ATM. The customer steps
// name what they ask of the customer (a card, a touch screen, small text,
// standing), and each offers the counter as the assisted alternative.
func Pension() (tandem.Service, tandem.Blueprint) {
	s := tandem.Service{
		Name: tx("Pension withdrawal at the ATM", "Получение пенсии в банкомате", "Eläkkeen nosto automaatilta"),
		Description: tx(
			"Withdraw your pension at the branch's pension ATM in two minutes, or at the counter next to it if you prefer a person.",
			"Получите пенсию в пенсионном банкомате отделения за две минуты или в окошке рядом, если удобнее с человеком.",
			"Nosta eläkkeesi konttorin eläkeautomaatilta kahdessa minuutissa tai viereiseltä tiskiltä, jos haluat asioida ihmisen kanssa."),
	}
	b := tandem.Blueprint{
		Steps: []tandem.Step{
			{
				Key: "pension-paid", Lane: tandem.LanePartner,
				Title: tx("Pension fund pays the pension into the account", "Пенсионный фонд перечисляет пенсию на счёт", "Eläkelaitos maksaa eläkkeen tilille"),
			},
			{
				Key: "fill-atm", Lane: tandem.LaneBackstage,
				Title: tx("Fill the ATM with cash and check the screen and card reader", "Загрузить банкомат наличными, проверить экран и картридер", "Täytä automaatti käteisellä ja tarkista näyttö ja kortinlukija"),
			},
			{
				Key: "go-to-atm", Lane: tandem.LaneCustomer,
				Title:           tx("Go to the pension ATM", "Подойти к пенсионному банкомату", "Mene eläkeautomaatille"),
				Why:             tx("No queue for the cashier: the ATM pays your pension out in about two minutes.", "Не нужно стоять в очереди в кассу: банкомат выдаст пенсию примерно за две минуты.", "Ei jonottamista kassalle: automaatti maksaa eläkkeesi noin kahdessa minuutissa."),
				Expected:        tx("Walk to the ATM with the green \"Pension\" sign.", "Подойдите к банкомату с зелёной табличкой «Пенсия».", "Mene automaatille, jossa on vihreä ”Eläke”-kyltti."),
				How:             tx("It is on the right as you come in. There is a shelf for your bag and a chair beside it.", "Он справа от входа. Рядом есть полка для сумки и стул.", "Se on sisäänkäynnistä oikealla. Vieressä on hylly laukulle ja tuoli."),
				Short:           tx("The pension ATM is on the right.", "Пенсионный банкомат — справа от входа.", "Eläkeautomaatti on oikealla."),
				Ability:         tx("Standing at the machine for a few minutes.", "Нужно несколько минут постоять у банкомата.", "Muutaman minuutin seisominen automaatilla."),
				Assisted:        assistedCounter,
				Requirements:    []tandem.Requirement{tandem.Standing},
				ExpectedMinutes: 1,
			},
			{
				Key: "greet-atm", Lane: tandem.LaneFrontline,
				Title:           tx("Greet customers at the ATM and offer help", "Встречать клиентов у банкомата и предлагать помощь", "Tervehdi asiakkaita automaatilla ja tarjoa apua"),
				ExpectedMinutes: 1,
			},
			{
				Key: "insert-card", Lane: tandem.LaneCustomer,
				Title:           tx("Insert your bank card", "Вставить банковскую карту", "Laita pankkikortti koneeseen"),
				Why:             tx("Your card opens your own account, so the pension goes to nobody else.", "Карта открывает именно ваш счёт, поэтому пенсию никто другой не получит.", "Kortti avaa juuri sinun tilisi, joten eläkettäsi ei saa kukaan muu."),
				Expected:        tx("Put your card into the slot under the screen.", "Вставьте карту в щель под экраном.", "Laita kortti näytön alla olevaan aukkoon."),
				How:             tx("Hold the card with the chip first and the arrow up, and push it in gently until the machine takes it. Then touch your language on the screen.", "Держите карту чипом вперёд, стрелкой вверх, и мягко вставьте её, пока банкомат её не втянет. Затем коснитесь на экране нужного языка.", "Pidä korttia siru edellä ja nuoli ylöspäin ja työnnä se varovasti sisään, kunnes kone ottaa sen. Kosketa sitten näytöltä kieltäsi."),
				Short:           tx("Card in, chip first.", "Вставьте карту чипом вперёд.", "Kortti sisään siru edellä."),
				Ability:         tx("A bank card, and standing at the machine.", "Нужна банковская карта и возможность постоять у банкомата.", "Pankkikortti ja seisominen automaatilla."),
				Assisted:        assistedCounter,
				Requirements:    []tandem.Requirement{tandem.BankCard, tandem.Standing},
				ExpectedMinutes: 1,
			},
			{
				Key: "enter-pin", Lane: tandem.LaneCustomer,
				Title:           tx("Enter your PIN on the touch screen", "Ввести ПИН-код на сенсорном экране", "Näppäile tunnusluku kosketusnäytölle"),
				Why:             tx("Only you know your PIN, so only you can take out your pension.", "ПИН-код знаете только вы, поэтому снять пенсию можете только вы.", "Vain sinä tiedät tunnuslukusi, joten vain sinä voit nostaa eläkkeesi."),
				Expected:        tx("Touch the four numbers of your PIN on the screen, then the green OK.", "Нажмите на экране четыре цифры ПИН-кода, затем зелёную кнопку OK.", "Kosketa näytöltä tunnusluvun neljää numeroa ja sitten vihreää OK-painiketta."),
				How:             tx("Touch each number firmly with one finger; a dot appears for each. Pressed a wrong number? Touch the yellow Correct key and start again. Cover the screen with your other hand. The magnifier in the corner makes the numbers bigger.", "Нажимайте каждую цифру одним пальцем уверенно — на экране появится точка. Ошиблись? Нажмите жёлтую кнопку «Исправить» и начните заново. Прикройте экран другой рукой. Значок лупы в углу делает цифры крупнее.", "Paina jokaista numeroa napakasti yhdellä sormella; jokaisesta tulee näytölle piste. Painoitko väärää numeroa? Kosketa keltaista Korjaa-painiketta ja aloita alusta. Suojaa näyttö toisella kädellä. Kulman suurennuslasi suurentaa numerot."),
				Short:           tx("PIN on the screen, then green OK.", "ПИН-код на экране, затем зелёная OK.", "Tunnusluku näytölle ja vihreä OK."),
				Ability:         tx("Using a touch screen and reading the numbers on it.", "Нужно пользоваться сенсорным экраном и видеть цифры на нём.", "Kosketusnäytön käyttö ja sen numeroiden lukeminen."),
				Assisted:        assistedCounter,
				Requirements:    []tandem.Requirement{tandem.TouchScreen, tandem.ReadSmallText},
				ExpectedMinutes: 1,
			},
			{
				Key: "choose-pension", Lane: tandem.LaneCustomer,
				Title:           tx("Choose \"Pension withdrawal\"", "Выбрать «Выплата пенсии»", "Valitse ”Eläkkeen nosto”"),
				Why:             tx("The ATM already knows your pension, so you need not count or fill in a slip.", "Банкомат уже знает сумму вашей пенсии — не нужно ничего считать и заполнять бланк.", "Automaatti tietää eläkkeesi jo, joten sinun ei tarvitse laskea mitään eikä täyttää lomaketta."),
				Expected:        tx("Touch the big button \"Pension withdrawal\", then \"Withdraw all\" or a smaller amount.", "Нажмите большую кнопку «Выплата пенсии», затем «Снять всё» или сумму поменьше.", "Kosketa isoa painiketta ”Eläkkeen nosto” ja sitten ”Nosta kaikki” tai pienempää summaa."),
				How:             tx("The screen shows this month's pension. To take only part of it, touch \"Other amount\" and type the sum. Touch \"Back\" at any time to go one screen back.", "На экране видна пенсия за этот месяц. Чтобы снять часть, нажмите «Другая сумма» и наберите её. Кнопка «Назад» в любой момент вернёт на шаг назад.", "Näytöllä näkyy tämän kuun eläke. Jos haluat nostaa vain osan, kosketa ”Muu summa” ja näppäile summa. ”Takaisin” vie milloin tahansa yhden näkymän taaksepäin."),
				Short:           tx("Touch \"Pension withdrawal\".", "Нажмите «Выплата пенсии».", "Kosketa ”Eläkkeen nosto”."),
				Ability:         tx("Using a touch screen and reading the text on it.", "Нужно пользоваться сенсорным экраном и читать текст на нём.", "Kosketusnäytön käyttö ja sen tekstin lukeminen."),
				Assisted:        assistedCounter,
				Requirements:    []tandem.Requirement{tandem.TouchScreen, tandem.ReadSmallText},
				ExpectedMinutes: 1,
			},
			{
				Key: "take-cash-card", Lane: tandem.LaneCustomer,
				Title:           tx("Take your card and your cash", "Забрать карту и деньги", "Ota korttisi ja rahasi"),
				Why:             tx("Your pension is in your hand, and the receipt shows what is left in your account.", "Пенсия у вас в руках, а чек покажет, сколько осталось на счёте.", "Eläke on kädessäsi, ja kuitista näet, paljonko tilille jäi."),
				Expected:        tx("Take the card first, then the cash, within 30 seconds.", "Сначала заберите карту, затем деньги — в течение 30 секунд.", "Ota ensin kortti ja sitten rahat 30 sekunnin kuluessa."),
				How:             tx("The card comes out first, then the notes. If you wait too long, the machine takes them back for your safety; then ask our staff.", "Сначала выходит карта, потом купюры. Если ждать слишком долго, банкомат заберёт их обратно ради вашей безопасности — тогда обратитесь к сотруднику.", "Ensin tulee kortti ja sitten setelit. Jos odotat liian kauan, automaatti ottaa ne turvallisuutesi vuoksi takaisin; kysy silloin henkilökunnalta."),
				Short:           tx("Card first, then cash.", "Сначала карта, потом деньги.", "Ensin kortti, sitten rahat."),
				Assisted:        assistedCounter,
				ExpectedMinutes: 1,
			},
			{
				Key: "counter-payout", Lane: tandem.LaneFrontline,
				Title:           tx("Pay out the pension at the counter to those who prefer it", "Выдать пенсию в окошке тем, кому так удобнее", "Maksa eläke tiskiltä niille, jotka haluavat"),
				ExpectedMinutes: 4,
			},
		},
		Aspects: []tandem.Aspect{
			{Key: "queue", Name: tx("Waiting in line", "Ожидание в очереди", "Jonottaminen"), ControlledBy: tandem.PartyProvider},
			{Key: "screen-readability", StepKey: "enter-pin", Name: tx("Screen easy to read", "Экран легко читать", "Näyttöä on helppo lukea"), ControlledBy: tandem.PartyProvider},
			{Key: "pin-entry", StepKey: "enter-pin", Name: tx("Entering the PIN", "Ввод ПИН-кода", "Tunnusluvun näppäily"), ControlledBy: tandem.PartyShared},
			{Key: "staff-help", Name: tx("Staff help when needed", "Помощь сотрудников, когда нужна", "Henkilökunnan apu tarvittaessa"), ControlledBy: tandem.PartyProvider},
			{Key: "atm-works", StepKey: "take-cash-card", Name: tx("ATM works and has cash", "Банкомат работает, и в нём есть деньги", "Automaatti toimii ja siinä on rahaa"), ControlledBy: tandem.PartyProvider},
			{Key: "privacy", StepKey: "enter-pin", Name: tx("Privacy at the ATM", "Никто не подглядывает у банкомата", "Yksityisyys automaatilla"), ControlledBy: tandem.PartyProvider},
		},
		Readiness: tandem.Dimensions,
	}
	return s, b
}
