//! Spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.ods`), read with calamine. A
//! workbook is fetched whole; each non-empty sheet is a table, found the way
//! a person reads the sheet: title and blank rows above the header skipped,
//! a two-row merged header joined (`联系方式/手机`), totals rows (合计, 总计)
//! and footnotes dropped. Identifiers Excel stored as numbers are read as the
//! digits it shows; those of 16 or more digits have lost their last digits
//! (Excel keeps 15) and are counted as `precision_lost`, not validated.

use std::io::Cursor;

use calamine::{Data, Reader, SheetType, SheetVisible, Sheets, open_workbook_auto_from_rs};

/// One cell as text, and whether the workbook stored it as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: Option<String>,
    pub is_text: bool,
    /// A number of 16 or more digits: its last digits are gone.
    pub precision_lost: bool,
}

impl Cell {
    fn empty() -> Self {
        Cell {
            text: None,
            is_text: false,
            precision_lost: false,
        }
    }
    fn text(s: &str) -> Self {
        let t = s.trim();
        Cell {
            text: (!t.is_empty()).then(|| t.to_string()),
            is_text: true,
            precision_lost: false,
        }
    }
    fn filled(&self) -> bool {
        self.text.is_some() || self.precision_lost
    }
}

/// A number as the digits a sheet shows: integers without a fraction.
fn number(f: f64) -> Cell {
    let integral = f.is_finite() && f.fract() == 0.0;
    if integral && f.abs() >= 1e15 {
        return Cell {
            text: None,
            is_text: false,
            precision_lost: true,
        };
    }
    Cell {
        text: Some(if integral {
            format!("{}", f as i64)
        } else {
            format!("{f}")
        }),
        is_text: false,
        precision_lost: false,
    }
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s),
        Data::Float(f) => number(*f),
        Data::Int(i) => {
            if i.unsigned_abs() >= 1_000_000_000_000_000 {
                number(*i as f64)
            } else {
                Cell {
                    text: Some(i.to_string()),
                    is_text: false,
                    precision_lost: false,
                }
            }
        }
        Data::Bool(b) => Cell {
            text: Some(b.to_string()),
            is_text: false,
            precision_lost: false,
        },
        Data::DateTime(dt) => Cell {
            text: Some(
                dt.as_datetime()
                    .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                    .unwrap_or_else(|| dt.as_f64().to_string()),
            ),
            is_text: false,
            precision_lost: false,
        },
        Data::Error(_) | Data::Empty => Cell::empty(),
    }
}

/// One column of a sheet's table.
#[derive(Debug, Clone, Default)]
pub struct SheetColumn {
    pub name: String,
    /// Values of the sampled rows (`None`: empty, or a number that lost digits).
    pub values: Vec<Option<String>>,
    /// Sampled values that were numbers of 16 or more digits.
    pub precision_lost: u64,
    /// Sampled values stored as numbers.
    pub numbers: u64,
}

/// How a sheet's table was found.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SheetLayout {
    /// Title, unit and blank rows above the header.
    pub title_rows: u64,
    /// 1, 2 for a merged two-row header, 0 when the sheet has none.
    pub header_rows: u64,
    /// Totals rows (合计, 总计, 小计) and footnotes dropped.
    pub totals_dropped: u64,
    pub footnotes_dropped: u64,
}

/// One non-empty sheet as a table.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    pub columns: Vec<SheetColumn>,
    /// Data rows in the sheet (all of them; `columns` hold the sampled prefix).
    pub rows: u64,
    pub layout: SheetLayout,
}

/// A workbook's sheets, with the ones that are empty (or not worksheets) by name.
#[derive(Debug, Clone, Default)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
    pub empty: Vec<String>,
}

fn filled(row: &[Cell]) -> usize {
    row.iter().filter(|c| c.filled()).count()
}

fn all_text(row: &[Cell]) -> bool {
    row.iter().filter(|c| c.filled()).all(|c| c.is_text)
}

/// A totals row: 合计, 总计 or 小计 (spaces allowed) in its first cells.
fn is_totals(row: &[Cell]) -> bool {
    row.iter()
        .filter_map(|c| c.text.as_deref())
        .take(2)
        .any(|t| {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            ["合计", "总计", "小计", "总合计"]
                .iter()
                .any(|w| t.starts_with(w))
                || t.eq_ignore_ascii_case("total")
        })
}

/// The table in a sheet's rows: header found, rows cleaned, at most `limit` sampled.
pub fn table(
    rows: &[Vec<Cell>],
    limit: Option<usize>,
) -> Option<(Vec<SheetColumn>, u64, SheetLayout)> {
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    // The widest row among the first 50 sets the table's width.
    let wide = rows.iter().take(50).map(|r| filled(r)).max().unwrap_or(0);
    if wide == 0 {
        return None;
    }
    let mut layout = SheetLayout::default();
    // The table starts at the first row filled to 60 % of the width (a title
    // row has one cell; a unit/date line a few). It is the header when it is
    // all text and holds no data (numbers, 5+ digits, an @); else the sheet
    // has no header and its columns are column_1..n.
    let need = (wide * 3).div_ceil(5).max(wide.min(2));
    let start = rows.iter().position(|r| filled(r) >= need)?;
    layout.title_rows = start as u64;
    let is_heading = |r: &[Cell]| {
        all_text(r)
            && !r
                .iter()
                .filter_map(|c| c.text.as_deref())
                .any(super::text::data_like)
    };
    let no_header = Vec::new();
    let (h1, header_at) = if is_heading(&rows[start]) {
        (&rows[start], start)
    } else {
        (&no_header, start)
    };
    let mut names: Vec<String> = Vec::with_capacity(width);
    let mut last = String::new();
    let top: Vec<Option<String>> = (0..width)
        .map(|j| h1.get(j).and_then(|c| c.text.clone()))
        .collect();
    // A second header row: all text, with cells under blanks of the first
    // (a merged group's sub-headings) and blanks under vertically merged cells.
    let second = rows.get(header_at + 1).filter(|h2| {
        let under_blank =
            (0..width).any(|j| top[j].is_none() && h2.get(j).is_some_and(|c| c.text.is_some()));
        // Sub-headings carry no digits; a first data row of text usually does.
        let digits = h2
            .iter()
            .filter_map(|c| c.text.as_deref())
            .any(|t| t.bytes().any(|b| b.is_ascii_digit()));
        // Vertically merged headings leave blanks under them; a data row
        // fills its columns.
        let under_heading_blank =
            (0..width).any(|j| top[j].is_some() && h2.get(j).is_none_or(|c| !c.filled()));
        !h1.is_empty() && all_text(h2) && under_blank && under_heading_blank && !digits
    });
    layout.header_rows = match (h1.is_empty(), second.is_some()) {
        (true, _) => 0,
        (false, true) => 2,
        (false, false) => 1,
    };
    for (j, top) in top.iter().enumerate() {
        // A horizontally merged heading covers the blanks to its right.
        let head = match top {
            Some(t) => {
                last = t.clone();
                t.clone()
            }
            None if second.is_some() => last.clone(),
            None => String::new(),
        };
        let sub = second.and_then(|h2| h2.get(j)).and_then(|c| c.text.clone());
        let name = match (head.is_empty(), sub) {
            (false, Some(s)) if s != head => format!("{head}/{s}"),
            (true, Some(s)) => s,
            _ => head,
        };
        names.push(name);
    }
    // Unique, non-empty names.
    for j in 0..names.len() {
        if names[j].is_empty() {
            names[j] = format!("column_{}", j + 1);
        }
        let base = names[j].clone();
        let mut n = 2;
        while names[..j].contains(&names[j]) {
            names[j] = format!("{base}_{n}");
            n += 1;
        }
    }
    let body = &rows[header_at + layout.header_rows as usize..];
    // Footnotes: single-cell text rows after the last row of data.
    let mut end = body.len();
    while end > 0 {
        let r = &body[end - 1];
        match filled(r) {
            0 => end -= 1,
            _ if is_totals(r) => {
                layout.totals_dropped += 1;
                end -= 1;
            }
            1 if wide >= 3 && all_text(r) => {
                layout.footnotes_dropped += 1;
                end -= 1;
            }
            _ => break,
        }
    }
    let mut columns: Vec<SheetColumn> = names
        .into_iter()
        .map(|name| SheetColumn {
            name,
            ..SheetColumn::default()
        })
        .collect();
    let mut data_rows = 0u64;
    for r in &body[..end] {
        if filled(r) == 0 {
            continue;
        }
        if is_totals(r) {
            layout.totals_dropped += 1;
            continue;
        }
        data_rows += 1;
        // Rows past the sample are counted, not read.
        if limit.is_some_and(|l| data_rows as usize > l) {
            continue;
        }
        for (j, col) in columns.iter_mut().enumerate() {
            let c = r.get(j);
            if c.is_some_and(|c| c.precision_lost) {
                col.precision_lost += 1;
            }
            if c.is_some_and(|c| c.filled() && !c.is_text) {
                col.numbers += 1;
            }
            col.values.push(c.and_then(|c| c.text.clone()));
        }
    }
    Some((columns, data_rows, layout))
}

/// Why a workbook cannot be read, in words a reviewer understands.
fn describe(e: &calamine::Error, head: &[u8], ext: &str) -> String {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    let ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if lower.contains("password") || lower.contains("encrypt") || (ole && ext != "xls") {
        return "encrypted or password-protected workbook: it cannot be read without its password"
            .into();
    }
    format!(
        "not a readable .{ext} workbook: {}",
        crate::source::first_line(&text)
    )
}

/// Read every worksheet of a workbook held in `bytes`; at most `limit` data
/// rows of each are kept as values (all are counted).
pub fn read(bytes: &[u8], ext: &str, limit: Option<usize>) -> Result<Workbook, String> {
    if bytes.is_empty() {
        return Err("empty file (0 bytes)".into());
    }
    let mut wb: Sheets<Cursor<&[u8]>> =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| describe(&e, bytes, ext))?;
    let meta: Vec<(String, bool, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.visible != SheetVisible::Visible,
                s.typ == SheetType::WorkSheet,
            )
        })
        .collect();
    let mut out = Workbook::default();
    for (name, hidden, worksheet) in meta {
        if !worksheet {
            out.empty.push(name);
            continue;
        }
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| format!("sheet {name}: {}", describe(&e, bytes, ext)))?;
        let rows: Vec<Vec<Cell>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
        match table(&rows, limit) {
            Some((columns, rows, layout)) => out.sheets.push(Sheet {
                name,
                hidden,
                columns,
                rows,
                layout,
            }),
            None => out.empty.push(name),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<Cell> {
        cells
            .iter()
            .map(|c| match c.strip_prefix('#') {
                Some(n) => number(n.parse().unwrap()),
                None => Cell::text(c),
            })
            .collect()
    }

    #[test]
    fn titles_merged_headers_totals_and_footnotes() {
        let rows = vec![
            row(&["XX市2024年低保对象花名册", "", "", "", ""]),
            row(&["", "", "", "", ""]),
            row(&["单位：民政局", "", "", "日期：2024-06-30", ""]),
            row(&["序号", "姓名", "身份证号", "联系方式", ""]),
            row(&["", "", "", "手机", "固话"]),
            row(&[
                "#1",
                "张三",
                "11010519491231002X",
                "#13812345678",
                "010-12345678",
            ]),
            row(&["#2", "李四", "#110105194912310000", "#13912345678", ""]),
            row(&["合计", "", "", "", ""]),
            row(&["", "", "", "", ""]),
            row(&["注：本表数据截至2024年6月", "", "", "", ""]),
        ];
        let (columns, n, layout) = table(&rows, None).unwrap();
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["序号", "姓名", "身份证号", "联系方式/手机", "联系方式/固话"]
        );
        assert_eq!(n, 2);
        assert_eq!(
            layout,
            SheetLayout {
                title_rows: 3,
                header_rows: 2,
                totals_dropped: 1,
                footnotes_dropped: 1
            }
        );
        assert_eq!(
            columns[3].values,
            [Some("13812345678".into()), Some("13912345678".into())]
        );
        assert_eq!(columns[2].precision_lost, 1);
        assert_eq!(columns[2].values[1], None);
    }

    #[test]
    fn a_plain_header_and_ids_as_text() {
        let rows = vec![
            row(&["姓名", "身份证号", "住址"]),
            row(&["张三", "11010519491231002X", "北京市"]),
            row(&["李四", "110105194912310021", ""]),
        ];
        let (columns, n, layout) = table(&rows, Some(1)).unwrap();
        assert_eq!((n, layout.header_rows, layout.title_rows), (2, 1, 0));
        assert_eq!(columns[1].values, [Some("11010519491231002X".into())]);
        // No header: data is never taken for column names.
        let headless = vec![
            row(&["张三", "11010519491231002X", "13812345678"]),
            row(&["李四", "110105194912310021", "13912345678"]),
        ];
        let (columns, n, layout) = table(&headless, None).unwrap();
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            (names, n, layout.header_rows),
            (vec!["column_1", "column_2", "column_3"], 2, 0)
        );
        // A first data row of text under a header with a blank is data.
        let rows = vec![
            row(&["姓名", "住址", ""]),
            row(&["张三", "北京市朝阳区", "备注"]),
        ];
        let (columns, n, _) = table(&rows, None).unwrap();
        assert_eq!((columns[0].name.as_str(), n), ("姓名", 1));
        assert!(table(&[row(&["", ""])], None).is_none());
    }
}
