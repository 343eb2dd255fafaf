// Package template owns the units' progress templates (进展填报模板): which measures each
// unit reports on, the workbook built from the master design in templates/, and the
// template's signed identity that tells intake whose return a file is.
//
// The layout (sheet names, header texts, where rows start) is described once here and used by
// both the writer and intake's reader. It imports plan, period, decision, xlsx, seal (the
// signing, shared with the review workbook) and atomicfile; never intake or later.
package template
