package tandem

import "slices"

// Dimension is one of the four things customers need to co-produce a
// service well (docs/concepts.md): the readiness index asks one short
// question per dimension.
type Dimension string

const (
	Motivation  Dimension = "motivation" // was doing this yourself worth it?
	RoleClarity Dimension = "role"       // did you know what was expected of you?
	KnowHow     Dimension = "knowhow"    // was it clear how to do it?
	Ability     Dimension = "ability"    // could you do it without difficulty?
)

// Dimensions lists the readiness dimensions in the order they are asked.
var Dimensions = []Dimension{Motivation, RoleClarity, KnowHow, Ability}

// Valid reports whether d is a known dimension.
func (d Dimension) Valid() bool { return slices.Contains(Dimensions, d) }

// Readiness answers are on a five-point scale, 1 (not at all) to 5 (fully).
const (
	MinReadiness = 1
	MaxReadiness = 5
)

// Requirement is an ability a customer step asks of the customer. Naming it
// lets the page offer the assisted alternative to those who lack it, and
// lets insight show which requirements go with help requests.
type Requirement string

const (
	ReadSmallText Requirement = "read-small-text"
	TouchScreen   Requirement = "touch-screen"
	Standing      Requirement = "standing"
	LocalLanguage Requirement = "local-language"
	BankCard      Requirement = "bank-card"
	CarryTray     Requirement = "carry-tray"
	Hearing       Requirement = "hearing"
	Smartphone    Requirement = "smartphone"
)

// Requirements lists every known requirement.
var Requirements = []Requirement{ReadSmallText, TouchScreen, Standing, LocalLanguage, BankCard, CarryTray, Hearing, Smartphone}

// Valid reports whether r is a known requirement.
func (r Requirement) Valid() bool { return slices.Contains(Requirements, r) }
