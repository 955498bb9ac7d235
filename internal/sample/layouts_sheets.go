package sample

// sheetLayouts are the layouts of a workbook's sheets and of a table's
// header.
var sheetLayouts = []Layout{
	{
		// Every register written by the layouts' own writer, as the clean
		// sample lays it out: the harness itself must give the figures.
		Name: "clean",
		Write: func(dir string, t Targets) error {
			return writeBooks(dir, t, func(b *book) *workbook {
				return &workbook{sheets: []*sheet{cleanSheet("DS", b, b.rows)}}
			})
		},
	},
}
