// Package deadline owns parsing Chinese deadline expressions (整改时限): "2022年9月底",
// "2023年第三季度", "2023年10月下旬至11月", "“十四五”末期", "每年3月底前",
// "立整立改，长期坚持" and their variants in Chinese numerals, full-width characters and
// numeric forms (2023.9.30).
//
// Parse reads a whole 整改时限 field; Find picks the expressions that act as deadlines out of
// a measure's running text, leaving historical references ("2017年以来", "2020年全省…") alone.
// Whatever is not understood is kept as text with KindUnknown, never turned into a guessed
// date: an impossible date, a year-less month without a year to lend it, or a relative year
// ("明年3月底前") all give KindUnknown.
//
// It imports nothing of taizhang: it sits at the start of the pipeline, and plan, notice and
// the rest import it.
package deadline
