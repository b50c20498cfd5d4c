//! Masking for evidence: every value that leaves the engine goes through here.

/// Keep a few leading and trailing characters, replace the middle with `*`
/// (`110105********002X`, `138****5678`, `张*`). Already-masked values stay as they are.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let (front, back) = match n {
        0..=3 => (1, 0),
        4..=6 => (1, 1),
        7..=10 => (2, 2),
        11..=14 => (3, 4),
        _ => (6, 4),
    };
    let front = front.min(n);
    let back = back.min(n - front);
    let mut out: String = chars[..front].iter().collect();
    out.extend(std::iter::repeat_n('*', n - front - back));
    out.extend(&chars[n - back..]);
    out
}

/// Mask every identifier-like run (6+ digits, or 8+ alphanumerics with a digit)
/// inside free text such as an error message.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let digits = run.chars().filter(char::is_ascii_digit).count();
        if digits >= 6 || (run.len() >= 8 && digits >= 2) {
            out.push_str(&mask(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_like_the_contract() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("张三"), "张*");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn redacts_numbers_in_text() {
        assert_eq!(
            redact("bad value 13812345678 at row 7"),
            "bad value 138****5678 at row 7"
        );
        assert_eq!(redact("parquet footer"), "parquet footer");
    }
}
