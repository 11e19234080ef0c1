package article

// MaxErrors bounds how many problems one parse reports.
const MaxErrors = 50
