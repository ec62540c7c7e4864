package demo

// Comments customers leave, by topic and language. Plain, short, the way
// people type on a phone; no markup.
var comments = map[string]map[string][]string{
	// S1 restaurant
	"coffee-cold": {
		"en": {"I got lost in my book and the coffee went cold. My own fault, but a pity.", "Lovely afternoon with a novel, but the coffee was cold by the time I remembered it.", "Could the coffee come a bit later when someone is reading? Mine went cold."},
		"ru": {"Зачиталась, и кофе остыл. Сама виновата, но жаль.", "Прекрасный день с книгой, только кофе успел остыть, пока я читал.", "Может, приносить кофе попозже, если гость читает? Мой остыл."},
		"fi": {"Uppouduin kirjaan ja kahvi ehti jäähtyä. Oma vika, mutta harmi.", "Ihana iltapäivä romaanin parissa, mutta kahvi oli kylmää, kun muistin sen.", "Voisiko kahvin tuoda vähän myöhemmin, jos asiakas lukee? Minun kahvini jäähtyi."},
	},
	"salt": {
		"en": {"The fish needed more salt, but the waiter brought it right away.", "A bit bland for me; I had to ask for salt."},
		"ru": {"Рыбе не хватало соли, но официант сразу принёс солонку.", "Для меня пресновато, пришлось просить соль."},
		"fi": {"Kalassa oli liian vähän suolaa, mutta tarjoilija toi suolaa heti.", "Vähän mautonta minun makuuni, jouduin pyytämään suolaa."},
	},
	"menu-choice": {
		"en": {"So many dishes that it took me ages to choose.", "The menu is too long; a shorter list would be easier."},
		"ru": {"Столько блюд, что я долго не мог выбрать.", "Меню слишком длинное, покороче было бы проще."},
		"fi": {"Annoksia oli niin paljon, että valitseminen kesti ikuisuuden.", "Ruokalista on liian pitkä, lyhyempi olisi helpompi."},
	},
	"waiting": {
		"en": {"Busy Saturday evening: we waited quite a while for the food.", "The food took long tonight, though the staff did their best."},
		"ru": {"В субботу вечером было много народу, еду ждали довольно долго.", "Сегодня еду пришлось ждать долго, хотя персонал очень старался."},
		"fi": {"Lauantai-iltana oli ruuhkaa, ja ruokaa sai odottaa pitkään.", "Ruoka viipyi tänään, vaikka henkilökunta teki parhaansa."},
	},
	"window": {
		"en": {"We got the window table we asked for. Beautiful view over the park."},
		"ru": {"Нам дали столик у окна, как мы просили. Чудесный вид на парк."},
		"fi": {"Saimme pyytämämme ikkunapöydän. Kaunis näkymä puistoon."},
	},
	"wine": {
		"en": {"The wine suggested with the lamb was perfect.", "Great advice on the wine, it went so well with the fish."},
		"ru": {"Вино, которое посоветовали к ягнёнку, подошло идеально.", "Отличный совет по вину, оно прекрасно подошло к рыбе."},
		"fi": {"Karitsan kanssa suositeltu viini sopi täydellisesti.", "Hyvä viinisuositus, sopi kalan kanssa loistavasti."},
	},
	"restaurant-good": {
		"en": {"Relaxed lunch, quick bill, no waiting. We'll be back.", "Everything went smoothly from the door to the bill."},
		"ru": {"Спокойный обед, счёт принесли быстро, ничего не ждали. Придём ещё.", "Всё прошло гладко — от входа до счёта."},
		"fi": {"Rento lounas, lasku tuli nopeasti eikä tarvinnut odottaa. Tulemme uudestaan.", "Kaikki sujui hyvin ovelta laskuun asti."},
	},
	"restaurant-bad": {
		"en": {"Not our best visit this time."},
		"ru": {"В этот раз понравилось не всё."},
		"fi": {"Tällä kertaa käynti ei ollut parhaasta päästä."},
	},
	// S2 cafeteria
	"pay-first": {
		"en": {"First time here: I sat down and waited for a waiter for ten minutes before I realised you pay first.", "Nobody told me you pay at the till before sitting down. A sign at the door would help."},
		"ru": {"Первый раз тут: сел за стол и минут десять ждал официанта, пока не понял, что сначала надо оплатить на кассе.", "Никто не сказал, что платить надо на кассе, прежде чем сесть. Табличка у входа очень помогла бы."},
		"fi": {"Ensimmäinen kerta: istuin pöytään ja odotin tarjoilijaa kymmenen minuuttia ennen kuin tajusin, että ensin maksetaan.", "Kukaan ei kertonut, että kassalla maksetaan ennen kuin istutaan. Kyltti ovelle auttaisi."},
	},
	"signage": {
		"en": {"I didn't know where to start; the trays were hard to find."},
		"ru": {"Не понял, с чего начать, — подносы трудно найти."},
		"fi": {"En tiennyt, mistä aloittaa; tarjottimia oli vaikea löytää."},
	},
	"queue": {
		"en": {"Long queue at the hot counter at noon."},
		"ru": {"В полдень на раздаче горячего длинная очередь."},
		"fi": {"Lämpimällä linjastolla pitkä jono puoliltapäivin."},
	},
	"food-cold": {
		"en": {"The soup was lukewarm."},
		"ru": {"Суп был едва тёплый."},
		"fi": {"Keitto oli haaleaa."},
	},
	"no-table": {
		"en": {"Hard to find a free table at lunchtime."},
		"ru": {"В обед трудно найти свободный столик."},
		"fi": {"Lounasaikaan on vaikea löytää vapaata pöytää."},
	},
	"guided": {
		"en": {"The steps on my phone made my first visit easy."},
		"ru": {"Подсказки на телефоне очень помогли в первый раз."},
		"fi": {"Puhelimen ohjeet tekivät ensimmäisestä käynnistä helpon."},
	},
	"cafeteria-good": {
		"en": {"Tasty salmon soup and a friendly cook.", "Good food for the price."},
		"ru": {"Вкусный суп с лососем и приветливый повар.", "Хорошая еда за свои деньги."},
		"fi": {"Maukas lohikeitto ja ystävällinen kokki.", "Hyvää ruokaa hintaansa nähden."},
	},
	// S3 pension ATM
	"atm-helped": {
		"en": {"I could not get the PIN right on the screen, but the young woman came at once and showed me. Next time I can do it myself.", "Pressed the help button and someone came within a minute. Thank you."},
		"ru": {"Не получалось ввести ПИН-код на экране, но сотрудница сразу подошла и всё показала. В следующий раз справлюсь сама.", "Нажал кнопку помощи — подошли через минуту. Спасибо."},
		"fi": {"En saanut tunnuslukua näppäiltyä näytölle, mutta nuori nainen tuli heti näyttämään. Ensi kerralla osaan itse.", "Painoin apunappia ja joku tuli minuutissa. Kiitos."},
	},
	"atm-screen": {
		"en": {"The letters on the screen are far too small for my eyes.", "The screen reflects the window light; I could hardly see the numbers."},
		"ru": {"Буквы на экране слишком мелкие для моих глаз.", "На экране блики от окна, цифры почти не видно."},
		"fi": {"Näytön kirjaimet ovat aivan liian pienet minun silmilleni.", "Ikkunan valo heijastuu näytöstä, numeroita tuskin näki."},
	},
	"atm-queue": {
		"en": {"On pension day the line to the ATM went out of the door."},
		"ru": {"В день пенсии очередь к банкомату стояла до самой двери."},
		"fi": {"Eläkepäivänä jono automaatille ulottui ovelle asti."},
	},
	"atm-miss-cashier": {
		"en": {"I miss the cashier. A machine is not the same as a person.", "It worked in the end, but I would rather talk to someone."},
		"ru": {"Скучаю по кассиру. Автомат — это не человек.", "В итоге получилось, но я бы лучше поговорила с человеком."},
		"fi": {"Kaipaan kassaa. Kone ei ole sama asia kuin ihminen.", "Lopulta onnistui, mutta juttelisin mieluummin ihmisen kanssa."},
	},
	"atm-good": {
		"en": {"Quick and easy, no queue.", "Two minutes and done. Much faster than the old cashier line."},
		"ru": {"Быстро и просто, без очереди.", "Две минуты — и готово. Гораздо быстрее, чем раньше в кассу."},
		"fi": {"Nopeaa ja helppoa, ei jonoa.", "Kaksi minuuttia ja valmis. Paljon nopeampaa kuin ennen kassajonossa."},
	},
	"counter": {
		"en": {"Glad I can still get my pension at the counter.", "Friendly service at the counter, as always."},
		"ru": {"Хорошо, что пенсию всё ещё можно получить в окошке.", "В окошке, как всегда, приветливо обслужили."},
		"fi": {"Hyvä, että eläkkeen saa yhä tiskiltä.", "Ystävällistä palvelua tiskillä, kuten aina."},
	},
	// S5 barber and doctor
	"barber-late": {
		"en": {"I was late and the next customer was waiting, so the cut felt rushed.", "Had to wait twenty minutes past my time."},
		"ru": {"Я опоздал, следующий клиент уже ждал, так что стригли в спешке.", "Пришлось ждать двадцать минут после назначенного времени."},
		"fi": {"Myöhästyin ja seuraava asiakas odotti jo, joten leikkaus tuntui hätäiseltä.", "Jouduin odottamaan kaksikymmentä minuuttia yli aikani."},
	},
	"barber-good": {
		"en": {"Exactly the cut I showed on my photo.", "Came with clean hair as the page said; quick and precise."},
		"ru": {"Именно та стрижка, что была на моём фото.", "Пришёл с чистыми волосами, как советовала страница, — быстро и аккуратно."},
		"fi": {"Juuri se leikkaus, jonka näytin kuvasta.", "Tulin puhtain hiuksin, kuten sivulla neuvottiin; nopeaa ja tarkkaa."},
	},
	"doctor-forgot": {
		"en": {"I forgot my medicine list at home, so we spent half the time guessing my doses.", "Left my insurance card at home and had to sort it out at the desk."},
		"ru": {"Забыла список лекарств дома, и полприёма ушло на то, чтобы вспомнить дозировки.", "Оставил страховую карту дома, пришлось разбираться на стойке."},
		"fi": {"Lääkeluettelo jäi kotiin, joten puolet ajasta arvailtiin annoksiani.", "Kela-kortti jäi kotiin, ja asia piti selvittää tiskillä."},
	},
	"doctor-wait": {
		"en": {"Waited almost half an hour past my appointment time."},
		"ru": {"Ждала почти полчаса сверх назначенного времени."},
		"fi": {"Odotin lähes puoli tuntia yli varatun aikani."},
	},
	"doctor-good": {
		"en": {"The doctor had time for all my questions.", "The preparation page helped: I had my list ready and nothing was forgotten."},
		"ru": {"Врач ответил на все мои вопросы.", "Страница подготовки помогла: список был готов, ничего не забыл."},
		"fi": {"Lääkärillä oli aikaa kaikille kysymyksilleni.", "Valmistautumissivu auttoi: luettelo oli valmiina eikä mitään unohtunut."},
	},
	// S4 cleaning
	"soap": {
		"en": {"No soap in the restroom again.", "Paper towels ran out after lunch."},
		"ru": {"В туалете опять нет мыла.", "После обеда закончились бумажные полотенца."},
		"fi": {"Saippua taas loppu vessasta.", "Paperipyyhkeet loppuivat lounaan jälkeen."},
	},
	"bins": {
		"en": {"The bin is overflowing."},
		"ru": {"Мусорное ведро переполнено."},
		"fi": {"Roskis on täynnä."},
	},
	"floor": {
		"en": {"Coffee spilled on the floor by the window."},
		"ru": {"На полу у окна разлит кофе."},
		"fi": {"Lattialla ikkunan vieressä on kaatunutta kahvia."},
	},
	"surfaces": {
		"en": {"The meeting room table was sticky."},
		"ru": {"Стол в переговорной липкий."},
		"fi": {"Neuvotteluhuoneen pöytä oli tahmea."},
	},
	"dishes": {
		"en": {"Dirty cups piling up in the sink again. Could we have a reminder sign?"},
		"ru": {"В раковине снова гора грязных чашек. Может, повесить напоминание?"},
		"fi": {"Tiskialtaassa taas kasa likaisia mukeja. Voisiko tähän laittaa muistutuskyltin?"},
	},
	"cleaning-good": {
		"en": {"Spotless this morning, thank you!", "Fixed within twenty minutes of my report. Great job."},
		"ru": {"Сегодня утром всё сияет, спасибо!", "Исправили через двадцать минут после сообщения. Отлично!"},
		"fi": {"Aamulla kaikki kiilsi, kiitos!", "Korjattiin kahdessakymmenessä minuutissa ilmoituksestani. Hienoa työtä."},
	},
}

// Praise for named staff, by kind and language; %s is the name as the
// customer writes it.
var praises = map[string]map[string][]string{
	"waiter": {
		"en": {"Thank you, %s, for the warm welcome!", "%s recommended a perfect wine.", "%s noticed everything before we had to ask."},
		"ru": {"Спасибо, %s, за тёплый приём!", "Спасибо, %s, за отличный совет по вину!", "Спасибо, %s: всё замечали раньше, чем мы успевали попросить."},
		"fi": {"Kiitos, %s, lämpimästä vastaanotosta!", "%s suositteli täydellisen viinin.", "%s huomasi kaiken ennen kuin ehdimme pyytää."},
	},
	"chef": {
		"en": {"Please thank %s for the lamb, it was superb."},
		"ru": {"%s, спасибо за ягнёнка — он был великолепен."},
		"fi": {"Kiitos, %s, karitsa oli erinomainen."},
	},
	"cafeteria": {
		"en": {"Thank you, %s, for showing me how it works here!", "Thank you, %s, for your patience and kindness!"},
		"ru": {"Спасибо, %s, что объяснили, как здесь всё устроено!", "Спасибо, %s, за терпение и доброту!"},
		"fi": {"Kiitos, %s, kun neuvoit, miten täällä toimitaan!", "Kiitos, %s, kärsivällisyydestä ja ystävällisyydestä!"},
	},
	"bank": {
		"en": {"Thank you, %s, for your patience at the ATM!", "%s showed me the machine so kindly. Thank you."},
		"ru": {"Спасибо, %s, за терпение у банкомата!", "Спасибо, %s: так по-доброму показали, как пользоваться банкоматом."},
		"fi": {"Kiitos, %s, kärsivällisyydestä automaatilla!", "%s neuvoi automaatin käytön niin ystävällisesti. Kiitos."},
	},
	"barber": {
		"en": {"Thank you, %s, best haircut in years!", "%s listened and got it right the first time."},
		"ru": {"Спасибо, %s, лучшая стрижка за много лет!", "Спасибо, %s: выслушали и сразу сделали как надо."},
		"fi": {"Kiitos, %s, paras leikkaus vuosiin!", "%s kuunteli ja onnistui heti ensimmäisellä kerralla."},
	},
	"doctor": {
		"en": {"Thank you, %s, for taking the time to explain everything."},
		"ru": {"Спасибо, %s, что нашли время всё объяснить."},
		"fi": {"Kiitos, %s, että löysitte aikaa selittää kaiken."},
	},
	"nurse": {
		"en": {"Thank you, %s, for helping me with the check-in kiosk."},
		"ru": {"Спасибо, %s, что помогли с терминалом регистрации."},
		"fi": {"Kiitos, %s, kun autoit ilmoittautumisautomaatin kanssa."},
	},
	"crew": {
		"en": {"Thank you, %s! The rooms look great.", "%s always says hello and works so quietly that nobody is disturbed."},
		"ru": {"Спасибо, %s! Всё сияет.", "%s всегда здоровается и работает так тихо, что никому не мешает."},
		"fi": {"Kiitos, %s! Tilat näyttävät upeilta.", "%s tervehtii aina ja tekee työnsä niin hiljaa, ettei kukaan häiriinny."},
	},
}
