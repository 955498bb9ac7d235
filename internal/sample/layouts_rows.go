package sample

// rowLayouts are the layouts of the rows of a table: sections, signature
// lines, merged cells, household blocks, struck-through rows.
var rowLayouts = []Layout{}
