// Package pipeline holds no code: it states, and its test enforces, the order in which
// taizhang's packages may import each other. The pipeline is the architecture:
//
//	nouns      finding, period, deadline, atomicfile, mailbox (reading mail), compose (writing it),
//	           mailnet (the office's mailbox over SMTP and IMAP), xlsx/scan, typeset/fonts, typeset/sfnt, docx,
//	           seal (the signed identities of the tool's own workbooks)
//	libraries  xlsx (the only package importing excelize), typeset (the only one importing gofpdf)
//	plan       the task list (任务清单), its workbook and its fingerprint
//	notice     reading a plan's notice text          template  the units' templates and their identity
//	intake     reading returns and mail, and the return as data (intake.Return)
//	validate   the rules that judge a return         store     the workspace: SQLite, originals, layout
//	collect    one run of intake                     receipt   回执   ledger  台账, the status and light rules
//	report     the progress report (PDF)             review    销号审核表: the office's review workbook
//	fill, samplegen, synth   made-up returns for the demo, tests and benchmarks
//	cli        the command line (the only package importing cobra); cmd/taizhang calls it
//
// A package imports only packages of earlier layers (never one of its own layer or a later
// one). The order is written once, as data, in pipeline_test.go.
package pipeline
