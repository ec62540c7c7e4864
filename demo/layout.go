package demo

import (
	"fmt"
	"time"
	_ "time/tzdata" // the demo's Europe/Helsinki must load on any machine

	tandem "github.com/tandemhq/tandem"
)

// The demo organization.
const (
	OrgName     = "Tandem Demo"
	OrgSlug     = "demo"
	OrgTimeZone = "Europe/Helsinki"
	OwnerEmail  = "owner@demo.tandem.test"
	// StaffEmail signs in as Pirjo, the staff member on duty at the S3
	// bank branch: her staff view shows the pensioners' help requests.
	StaffEmail = "staff@demo.tandem.test"
	// WaiterEmail signs in as Anna, the restaurant's waiter, who marks the
	// coffee served on the staff view, which opens the guest's coffee window.
	WaiterEmail = "anna@demo.tandem.test"
	// CrewEmail signs in as Aino, who leads the S4 office-cleaning crew:
	// her work items (/app/work) are what the office staff reported.
	CrewEmail = "aino@demo.tandem.test"
	// CrewRuEmail signs in as Dmitri of Aino's crew, whose pages are in
	// Russian: the same site's work items.
	CrewRuEmail = "dmitri@demo.tandem.test"
	// DefaultPassword is every demo user's password unless Options says
	// otherwise. It is public: the demo is for trying Tandem, not for real data.
	DefaultPassword = "tandem-demo-2026"
)

type siteDef struct {
	key     string
	name    tandem.Text
	address string
}

var siteDefs = []siteDef{
	{KeyRestaurant, tx("Restaurant Ikkuna", "Ресторан «Иккуна»", "Ravintola Ikkuna"), "Puistokatu 4, 00140 Helsinki"},
	{KeyCafeteria, tx("Tori self-service cafeteria", "Кафетерий самообслуживания «Тори»", "Lounasravintola Tori"), "Torikatu 9, 00100 Helsinki"},
	{KeyCleaning, tx("Client office: Meridian Oy, Ruoholahti", "Офис клиента: Meridian Oy, Руохолахти", "Asiakkaan toimisto: Meridian Oy, Ruoholahti"), "Itämerenkatu 21, 00180 Helsinki"},
	{KeyPension, tx("Harju bank branch", "Отделение банка «Харью»", "Pankin Harjun konttori"), "Harjutorinkatu 3, 00500 Helsinki"},
	{KeyBarber, tx("Barber shop Sakset", "Парикмахерская «Саксет»", "Parturi Sakset"), "Fredrikinkatu 30, 00120 Helsinki"},
	{KeyDoctor, tx("Kamppi health clinic", "Медицинский центр «Кампи»", "Kampin lääkäriasema"), "Urho Kekkosen katu 4, 00100 Helsinki"},
}

type userDef struct {
	key, email, name string
	role             tandem.Role
	lang             string
}

var userDefs = []userDef{
	{"owner", OwnerEmail, "Helena Lindqvist", tandem.RoleOwner, "en"},
	{"manager", "manager@demo.tandem.test", "Marja Virtanen", tandem.RoleManager, "fi"},
	{"anna", WaiterEmail, "Anna Smirnova", tandem.RoleStaff, "ru"},
	{"aino", CrewEmail, "Aino Korhonen", tandem.RoleCrew, "fi"},
	{"dmitri", CrewRuEmail, "Dmitri Volkov", tandem.RoleCrew, "ru"},
	{"liisa", "liisa@demo.tandem.test", "Liisa Nieminen", tandem.RoleCrew, "fi"},
	{"staff", StaffEmail, "Pirjo Mäkinen", tandem.RoleStaff, "fi"},
}

type staffDef struct {
	key, site, user string
	name            string      // as customers know them
	spelled         tandem.Text // how customers write the name in praise
	title           tandem.Text
}

var staffDefs = []staffDef{
	{"anna", KeyRestaurant, "anna", "Anna", tx("Anna", "Анна", "Anna"), tx("Waiter", "Официантка", "Tarjoilija")},
	{"mikko", KeyRestaurant, "", "Mikko", tx("Mikko", "Микко", "Mikko"), tx("Waiter", "Официант", "Tarjoilija")},
	{"olga", KeyRestaurant, "", "Olga", tx("Olga", "Ольга", "Olga"), tx("Waiter", "Официантка", "Tarjoilija")},
	{"jussi", KeyRestaurant, "", "Jussi", tx("Jussi", "Юсси", "Jussi"), tx("Chef", "Шеф-повар", "Keittiömestari")},
	{"leena", KeyCafeteria, "", "Leena", tx("Leena", "Леена", "Leena"), tx("Cashier", "Кассир", "Kassanhoitaja")},
	{"sergei", KeyCafeteria, "", "Sergei", tx("Sergei", "Сергей", "Sergei"), tx("Cook", "Повар", "Kokki")},
	{"aino", KeyCleaning, "aino", "Aino", tx("Aino", "Айно", "Aino"), tx("Cleaning crew leader", "Бригадир уборщиков", "Siivoustiimin vetäjä")},
	{"dmitri", KeyCleaning, "dmitri", "Dmitri", tx("Dmitri", "Дмитрий", "Dmitri"), tx("Cleaner", "Уборщик", "Siivooja")},
	{"liisa", KeyCleaning, "liisa", "Liisa", tx("Liisa", "Лииса", "Liisa"), tx("Cleaner", "Уборщица", "Siivooja")},
	{"pirjo", KeyPension, "staff", "Pirjo", tx("Pirjo", "Пирьо", "Pirjo"), tx("Customer adviser", "Консультант", "Asiakasneuvoja")},
	{"timo", KeyPension, "", "Timo", tx("Timo", "Тимо", "Timo"), tx("Cashier", "Кассир", "Kassanhoitaja")},
	{"kalle", KeyBarber, "", "Kalle", tx("Kalle", "Калле", "Kalle"), tx("Barber", "Парикмахер", "Parturi")},
	{"nadia", KeyBarber, "", "Nadia", tx("Nadia", "Надя", "Nadia"), tx("Barber", "Парикмахер", "Parturi")},
	{"laine", KeyDoctor, "", "Dr. Laine", tx("Dr. Laine", "доктор Лайне", "lääkäri Laine"), tx("General practitioner", "Терапевт", "Yleislääkäri")},
	{"sanna", KeyDoctor, "", "Sanna", tx("Sanna", "Санна", "Sanna"), tx("Nurse at reception", "Медсестра на регистрации", "Vastaanoton sairaanhoitaja")},
}

type tpDef struct {
	key, service, staff string // the site is the service's site
	name                tandem.Text
	featured            bool // printed by the demo command
	typ                 tandem.TouchpointType
}

var tpDefs = []tpDef{
	{"table-12", KeyRestaurant, "anna", tx("Table 12, window", "Столик 12, у окна", "Pöytä 12, ikkuna"), true, tandem.TypeTable},
	{"table-14", KeyRestaurant, "anna", tx("Table 14, window", "Столик 14, у окна", "Pöytä 14, ikkuna"), false, tandem.TypeTable},
	{"table-3", KeyRestaurant, "mikko", tx("Table 3", "Столик 3", "Pöytä 3"), false, tandem.TypeTable},
	{"table-5", KeyRestaurant, "mikko", tx("Table 5", "Столик 5", "Pöytä 5"), false, tandem.TypeTable},
	{"table-7", KeyRestaurant, "olga", tx("Table 7", "Столик 7", "Pöytä 7"), false, tandem.TypeTable},
	{"table-9", KeyRestaurant, "olga", tx("Table 9", "Столик 9", "Pöytä 9"), false, tandem.TypeTable},
	// The cafeteria's entrance starts the companion, not a report to a
	// crew: "other", though it is a door.
	{"caf-entrance", KeyCafeteria, "", tx("Cafeteria entrance", "Вход в кафетерий", "Ravintolan sisäänkäynti"), true, tandem.TypeOther},
	{"caf-till", KeyCafeteria, "leena", tx("Till", "Касса", "Kassa"), false, tandem.TypeOther},
	{"caf-tables", KeyCafeteria, "", tx("Table cards in the dining hall", "Карточки на столиках в зале", "Pöytäkortit ruokasalissa"), false, tandem.TypeTable},
	{"restroom-2f", KeyCleaning, "aino", tx("2F restroom", "Туалет, 2-й этаж", "WC, 2. kerros"), true, tandem.TypeRestroom},
	{"restroom-3f", KeyCleaning, "dmitri", tx("3F restroom", "Туалет, 3-й этаж", "WC, 3. kerros"), false, tandem.TypeRestroom},
	{"kitchen-3f", KeyCleaning, "dmitri", tx("Kitchen 3F", "Кухня, 3-й этаж", "Keittiö, 3. kerros"), true, tandem.TypeKitchen},
	{"aurora", KeyCleaning, "aino", tx("Meeting room Aurora", "Переговорная «Аврора»", "Neuvotteluhuone Aurora"), false, tandem.TypeMeetingRoom},
	{"open-office-2f", KeyCleaning, "aino", tx("Open office 2F", "Открытый офис, 2-й этаж", "Avotoimisto, 2. kerros"), false, tandem.TypeOther},
	{"lobby", KeyCleaning, "dmitri", tx("Lobby", "Вестибюль", "Aula"), false, tandem.TypeEntrance},
	// The rest of the office: a restroom at each end of floors 2 to 4, a
	// kitchen and a meeting room on each floor.
	{"restroom-2f-east", KeyCleaning, "aino", tx("2F restroom, east wing", "Туалет, 2-й этаж, восточное крыло", "WC, 2. kerros, itäsiipi"), false, tandem.TypeRestroom},
	{"restroom-3f-east", KeyCleaning, "dmitri", tx("3F restroom, east wing", "Туалет, 3-й этаж, восточное крыло", "WC, 3. kerros, itäsiipi"), false, tandem.TypeRestroom},
	{"restroom-4f", KeyCleaning, "liisa", tx("4F restroom", "Туалет, 4-й этаж", "WC, 4. kerros"), false, tandem.TypeRestroom},
	{"restroom-4f-east", KeyCleaning, "liisa", tx("4F restroom, east wing", "Туалет, 4-й этаж, восточное крыло", "WC, 4. kerros, itäsiipi"), false, tandem.TypeRestroom},
	{"kitchen-2f", KeyCleaning, "aino", tx("Kitchen 2F", "Кухня, 2-й этаж", "Keittiö, 2. kerros"), false, tandem.TypeKitchen},
	{"kitchen-4f", KeyCleaning, "liisa", tx("Kitchen 4F", "Кухня, 4-й этаж", "Keittiö, 4. kerros"), false, tandem.TypeKitchen},
	{"saimaa", KeyCleaning, "dmitri", tx("Meeting room Saimaa", "Переговорная «Сайма»", "Neuvotteluhuone Saimaa"), false, tandem.TypeMeetingRoom},
	{"pallas", KeyCleaning, "liisa", tx("Meeting room Pallas", "Переговорная «Паллас»", "Neuvotteluhuone Pallas"), false, tandem.TypeMeetingRoom},
	{"atm", KeyPension, "pirjo", tx("Pension ATM", "Пенсионный банкомат", "Eläkeautomaatti"), true, tandem.TypeOther},
	{"pension-counter", KeyPension, "timo", tx("Counter next to the ATM", "Окошко рядом с банкоматом", "Tiski automaatin vieressä"), false, tandem.TypeOther},
	{"barber-desk", KeyBarber, "", tx("Barber shop desk", "Стойка парикмахерской", "Parturin tiski"), false, tandem.TypeOther},
	{"clinic-kiosk", KeyDoctor, "", tx("Check-in kiosk", "Терминал регистрации", "Ilmoittautumisautomaatti"), false, tandem.TypeOther},
}

// world is the demo organization as stored: everything the history
// generator needs to refer to, with the IDs the store gave.
type world struct {
	loc      *time.Location
	org      *tandem.Organization
	sites    map[string]*tandem.Site
	staff    map[string]*tandem.StaffMember
	services map[string]*tandem.Service
	bps      map[string]*tandem.Blueprint
	tps      map[string]*tandem.Touchpoint

	stepIDs   map[string]map[string]int64 // service → step key → ID
	aspectIDs map[string]map[string]int64 // service → aspect key → ID
}

func newWorld() *world {
	loc, err := time.LoadLocation(OrgTimeZone)
	if err != nil { // cannot happen: time/tzdata is linked in
		panic(err)
	}
	return &world{
		loc:       loc,
		sites:     map[string]*tandem.Site{},
		staff:     map[string]*tandem.StaffMember{},
		services:  map[string]*tandem.Service{},
		bps:       map[string]*tandem.Blueprint{},
		tps:       map[string]*tandem.Touchpoint{},
		stepIDs:   map[string]map[string]int64{},
		aspectIDs: map[string]map[string]int64{},
	}
}

// index records the IDs of a published blueprint's steps and aspects.
func (w *world) index(svc string, b *tandem.Blueprint) {
	w.bps[svc] = b
	steps, aspects := map[string]int64{}, map[string]int64{}
	for _, s := range b.Steps {
		steps[s.Key] = s.ID
	}
	for _, a := range b.Aspects {
		aspects[a.Key] = a.ID
	}
	w.stepIDs[svc], w.aspectIDs[svc] = steps, aspects
}

// check reports a world missing anything the generator refers to.
func (w *world) check() error {
	for _, k := range ServiceKeys {
		if w.services[k] == nil || w.bps[k] == nil || w.sites[k] == nil {
			return fmt.Errorf("demo: service %q is missing", k)
		}
		for key, id := range w.stepIDs[k] {
			if id == 0 {
				return fmt.Errorf("demo: step %s/%s has no ID", k, key)
			}
		}
		for key, id := range w.aspectIDs[k] {
			if id == 0 {
				return fmt.Errorf("demo: aspect %s/%s has no ID", k, key)
			}
		}
	}
	for _, d := range tpDefs {
		if w.tps[d.key] == nil {
			return fmt.Errorf("demo: touchpoint %q is missing", d.key)
		}
	}
	for _, d := range staffDefs {
		if w.staff[d.key] == nil {
			return fmt.Errorf("demo: staff member %q is missing", d.key)
		}
	}
	return nil
}

// syntheticWorld builds the demo world with made-up IDs, as a store would
// number them, so the history can be generated and tested without a store.
func syntheticWorld() *world {
	w := newWorld()
	w.org = &tandem.Organization{ID: 1, Name: OrgName, Slug: OrgSlug, Lang: "en", TimeZone: OrgTimeZone}
	var next int64
	id := func() int64 { next++; return next }
	for _, d := range siteDefs {
		w.sites[d.key] = &tandem.Site{ID: id(), OrgID: 1, Name: d.name, Address: d.address}
	}
	for _, d := range staffDefs {
		w.staff[d.key] = &tandem.StaffMember{ID: id(), OrgID: 1, SiteID: w.sites[d.site].ID, Name: d.name, Title: d.title}
	}
	for _, k := range ServiceKeys {
		s, b, _ := Scenario(k)
		s.ID, s.OrgID, s.SiteID, s.Version = id(), 1, w.sites[k].ID, 1
		w.services[k] = &s
		b.ID, b.OrgID, b.ServiceID, b.Version = id(), 1, s.ID, 1
		for i := range b.Steps {
			b.Steps[i].ID = id()
		}
		for i := range b.Aspects {
			b.Aspects[i].ID = id()
		}
		w.index(k, &b)
	}
	for _, d := range tpDefs {
		t := &tandem.Touchpoint{ID: id(), OrgID: 1, SiteID: w.sites[d.service].ID, ServiceID: w.services[d.service].ID, Name: d.name, Code: "code-" + d.key, Type: d.typ}
		if d.staff != "" {
			t.StaffID = w.staff[d.staff].ID
		}
		w.tps[d.key] = t
	}
	return w
}
