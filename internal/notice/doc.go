// Package notice reads a published rectification notice (整改方案通知) — plain text in UTF-8,
// UTF-16 or GB18030/GBK, or a Word .docx — and turns its task list (整改任务清单) into a plan.
//
// The parser follows the structure such notices share (numbered tasks, labelled fields,
// numbered measures), never one region's exact wording. What it cannot know (vague unit
// groups, group members, aliases it had to guess) is reported as findings for the office to
// fix in the plan workbook.
//
// It imports deadline, finding and plan; nothing later in the pipeline.
package notice
