//! Masking for evidence: every value that leaves the engine goes through here.

/// Keep a few leading and trailing characters, replace the middle with `*`
/// (`110105********002X`, `138****5678`, `张*`). Already-masked values stay as they are.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let (front, back) = shown(n);
    let mut out: String = chars[..front].iter().collect();
    out.extend(std::iter::repeat_n('*', n - front - back));
    out.extend(&chars[n - back..]);
    out
}

/// How many characters of a value of `n` characters [`mask`] shows at the
/// front and at the back.
fn shown(n: usize) -> (usize, usize) {
    let (front, back) = match n {
        0..=3 => (1, 0),
        4..=6 => (1, 1),
        7..=10 => (2, 2),
        11..=14 => (3, 4),
        _ => (6, 4),
    };
    let front = front.min(n);
    (front, back.min(n - front))
}

/// The sampling key of `mask(value)`, computed without building it: a hash
/// of what the masked form shows (its length and its visible ends), so a key
/// kept beside an example tells nothing the example does not.
pub fn masked_key(value: &str) -> u16 {
    let n = value.chars().count();
    let (front, back) = shown(n);
    let head = value
        .char_indices()
        .nth(front)
        .map_or(value.len(), |(i, _)| i);
    let tail = if back == 0 {
        value.len()
    } else {
        value
            .char_indices()
            .rev()
            .nth(back - 1)
            .map_or(0, |(i, _)| i)
    };
    let mut h = crate::hash::Fnv64::default();
    h.write(&(n as u64).to_le_bytes());
    h.write(&value.as_bytes()[..head]);
    h.write(b"\0");
    h.write(&value.as_bytes()[tail..]);
    (crate::hash::hash64(&h.value().to_le_bytes()) >> 48) as u16
}

/// Drop the data readers quote in their errors: a bracketed payload of more
/// than 40 bytes (`found Array [String("…"), …]`) becomes `[…]`, and a quoted
/// string holding anything but ASCII letters and punctuation (a name, an ID)
/// becomes `"…"`.
fn strip_payloads(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['[', '{', '"', '\'']) {
        out.push_str(&rest[..i]);
        let open = rest.as_bytes()[i];
        let close = match open {
            b'[' => b']',
            b'{' => b'}',
            q => q,
        };
        let body = &rest[i + 1..];
        let end = if open == close {
            body.find(close as char)
        } else {
            // The matching bracket, nesting counted.
            let mut depth = 1usize;
            body.bytes().position(|b| {
                if b == open {
                    depth += 1;
                } else if b == close {
                    depth -= 1;
                }
                depth == 0
            })
        };
        let Some(end) = end else {
            // Unclosed (an apostrophe in prose): go on after it.
            out.push(open as char);
            rest = body;
            continue;
        };
        let inner = &body[..end];
        let data = if open == close {
            inner.chars().any(|c| !c.is_ascii() || c.is_ascii_digit())
        } else {
            inner.len() > 40
        };
        out.push(open as char);
        if data {
            out.push('…');
        } else if open == close {
            out.push_str(inner);
        } else {
            // A short bracket: what is quoted inside it is looked at too.
            out.push_str(&strip_payloads(inner));
        }
        out.push(close as char);
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Mask every identifier-like run (6+ digits, or 8+ alphanumerics with a digit)
/// inside free text such as an error message, and drop quoted data.
pub fn redact(text: &str) -> String {
    let text = strip_payloads(text);
    let text = text.as_str();
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
    #[test]
    fn errors_lose_quoted_data() {
        use super::redact;
        assert_eq!(
            redact(
                r#"Expected JSON record to be an object, found Array [String("丁娟"), String("110105194912310021"), String("x")]"#
            ),
            "Expected JSON record to be an object, found Array […]"
        );
        assert_eq!(
            redact(r#"bad value "张三" in column 'xm'"#),
            r#"bad value "…" in column 'xm'"#
        );
        assert_eq!(
            redact("Invalid Parquet file. Corrupt footer"),
            "Invalid Parquet file. Corrupt footer"
        );
        assert_eq!(redact("unclosed [ bracket"), "unclosed [ bracket");
        assert_eq!(redact(r#"couldn't parse "张三""#), r#"couldn't parse "…""#);
        assert_eq!(
            redact(r#"found Array [String("张三")]"#),
            r#"found Array [String("…")]"#
        );
        assert_eq!(redact(r#"{"xm":"张三"}"#), r#"{"xm":"…"}"#);
    }

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

#[cfg(test)]
mod key_tests {
    use super::*;

    /// An example's key is a function of what its masked form shows: the
    /// key of a value equals the key of its masked form, so a report that
    /// keeps the key beside the example tells nothing more.
    #[test]
    fn an_examples_key_depends_only_on_what_the_mask_shows() {
        for v in [
            "11010519491231002X",
            "13812345678",
            "张三",
            "北京市海淀区中关村大街1号",
            "6222020200112233445",
            "a",
        ] {
            assert_eq!(masked_key(v), masked_key(&mask(v)), "{v}");
        }
        // Two IDs that mask alike share a key.
        assert_eq!(
            masked_key("110105194912310021"),
            masked_key("110105200001010021")
        );
    }
}
