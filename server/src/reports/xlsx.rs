//! The completion report as an XLSX workbook, from the same cells as the
//! CSV (`app::ssr::reports::export`): numbers as numbers, days as Excel
//! dates, text as text (Thai intact — XLSX is UTF-8 inside), the header
//! row frozen, an auto-filter over the columns, widths set. Written in
//! rust_xlsxwriter's constant-memory mode: each row goes to a temporary
//! file as it is written, so a large export does not hold the sheet.

use app::dates::Zone;
use app::model::reports::CompletionRow;
use app::ssr::reports::export::{cells, Cell, COLUMNS};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

/// What a workbook is sent as.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Width (in characters) of each column, in `COLUMNS` order.
const WIDTHS: [f64; 20] = [
    10.0, 28.0, 24.0, 24.0, 40.0, 18.0, 16.0, 24.0, 36.0, 12.0, 8.0, 8.0, 10.0, 10.0, 8.0, 12.0,
    12.0, 30.0, 14.0, 10.0,
];

/// The workbook's bytes, dates in `zone`.
pub fn workbook(rows: &[CompletionRow], zone: &Zone) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    fill(&mut book, rows.iter().cloned(), zone)?;
    book.save_to_buffer()
}

/// Writes the workbook of `rows` (taken one at a time, as they come) to
/// `path`; returns how many rows it holds.
pub fn write_file(
    rows: impl Iterator<Item = CompletionRow>,
    zone: &Zone,
    path: &std::path::Path,
) -> Result<u32, XlsxError> {
    let mut book = Workbook::new();
    let n = fill(&mut book, rows, zone)?;
    book.save(path)?;
    Ok(n)
}

/// Adds the sheet of `rows` to `book`, each row written (to a temporary
/// file, in constant-memory mode) as it is taken.
fn fill(
    book: &mut Workbook,
    rows: impl Iterator<Item = CompletionRow>,
    zone: &Zone,
) -> Result<u32, XlsxError> {
    let columns = COLUMNS.map(String::from);
    sheet(
        book,
        "completions",
        &columns,
        &WIDTHS,
        rows.map(|row| cells(&row, zone)),
    )
}

/// Adds a sheet `name` with a bold header row of `columns` (widths in
/// characters; columns past `widths` get 12) and a row per item of
/// `rows`, typed: numbers as numbers, percentages with one decimal, days
/// as Excel dates, text as text (never a formula). The header is frozen
/// and filtered. Returns how many rows it holds. Shared by every
/// spreadsheet Lantern writes.
pub fn sheet(
    book: &mut Workbook,
    name: &str,
    columns: &[String],
    widths: &[f64],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<u32, XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let percent = Format::new().set_num_format("0.0");
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(name)?;
    let col_of = |i: usize| u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError);
    for (i, column) in columns.iter().enumerate() {
        let col = col_of(i)?;
        sheet.write_string_with_format(0, col, column, &header)?;
        sheet.set_column_width(col, widths.get(i).copied().unwrap_or(12.0))?;
    }
    let mut last_row = 0u32;
    for cells in rows {
        let r = last_row
            .checked_add(1)
            .ok_or(XlsxError::RowColumnLimitError)?;
        for (i, cell) in cells.into_iter().enumerate() {
            let col = col_of(i)?;
            match cell {
                Cell::Text(t) => {
                    sheet.write_string(r, col, t)?;
                }
                Cell::Int(n) => {
                    sheet.write_number(r, col, n as f64)?;
                }
                Cell::Number(n) => {
                    sheet.write_number_with_format(r, col, n, &percent)?;
                }
                Cell::Date(local) => {
                    // Local seconds: the day's midnight, as Excel counts days.
                    let day = ExcelDateTime::from_timestamp(local - local.rem_euclid(86_400))?;
                    sheet.write_datetime_with_format(r, col, &day, &date)?;
                }
                Cell::Empty => {}
            }
        }
        last_row = r;
    }
    let last_col = col_of(columns.len().saturating_sub(1))?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(last_row)
}
