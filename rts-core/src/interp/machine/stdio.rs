//! Input and files: `hGetChar#`, `hGetLine#`, `hGetChunk#` (lazy
//! `hGetContents`), `hIsEOF#`, `hClose#`, `openFile#`, and `hPutChar#` to
//! files. Handle 0 is stdin (the process's, or `InterpConfig::stdin`),
//! 1 and 2 go to the [`OutputSink`](crate::interp::OutputSink), handles
//! from 3 are files opened by `openFile#`.
//!
//! Input is read in chunks into a byte buffer and decoded as UTF-8
//! (invalid sequences read as U+FFFD).

use std::collections::HashMap;
use std::io::{Read, Write};

use super::{Machine, PrimOut};
use crate::interp::RunError;
use crate::interp::prims::Prim;
use crate::word::Word;

const CHUNK: usize = 16 * 1024;

/// A readable stream with a decode buffer.
struct Reader {
    src: Option<Box<dyn Read>>,
    buf: Vec<u8>,
    pos: usize,
}

impl Reader {
    fn new(src: Box<dyn Read>) -> Reader {
        Reader {
            src: Some(src),
            buf: Vec::new(),
            pos: 0,
        }
    }

    fn from_bytes(bytes: Vec<u8>) -> Reader {
        Reader {
            src: None,
            buf: bytes,
            pos: 0,
        }
    }

    /// Reads more bytes; false at end of input.
    fn fill(&mut self) -> bool {
        let Some(src) = self.src.as_mut() else {
            return false;
        };
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let n = loop {
            match src.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break 0,
            }
        };
        self.buf.truncate(old + n);
        if n == 0 {
            self.src = None;
        }
        n > 0
    }

    fn at_eof(&mut self) -> bool {
        self.pos >= self.buf.len() && !self.fill()
    }

    /// The next character, `None` at end of input.
    fn next_char(&mut self) -> Option<char> {
        if self.at_eof() {
            return None;
        }
        let need = utf8_len(self.buf[self.pos]);
        while self.buf.len() - self.pos < need && self.fill() {}
        let end = (self.pos + need).min(self.buf.len());
        let c = std::str::from_utf8(&self.buf[self.pos..end])
            .ok()
            .and_then(|s| s.chars().next());
        match c {
            Some(c) => {
                self.pos = end;
                Some(c)
            }
            None => {
                self.pos += 1;
                Some('\u{FFFD}')
            }
        }
    }

    /// The characters buffered now (reading once if none are), "" at end.
    fn chunk(&mut self) -> String {
        if self.at_eof() {
            return String::new();
        }
        let mut s = String::new();
        // Decode what is buffered, leaving an incomplete final sequence.
        while self.pos < self.buf.len() {
            let need = utf8_len(self.buf[self.pos]);
            if self.buf.len() - self.pos < need && self.src.is_some() {
                if s.is_empty() && self.fill() {
                    continue;
                }
                break;
            }
            match self.next_char() {
                Some(c) => s.push(c),
                None => break,
            }
        }
        s
    }
}

fn utf8_len(b: u8) -> usize {
    match b {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

enum Handle {
    Read(Reader),
    Write(std::fs::File),
}

/// The interpreter's open handles other than stdout/stderr (set up at
/// the first input or file primop).
#[derive(Default)]
pub(super) struct Stdio {
    handles: HashMap<i64, Handle>,
    next: i64,
    started: bool,
}

impl Stdio {
    /// Handle 0 reads `stdin` if given, else the process's stdin.
    fn start(&mut self, stdin: Option<Vec<u8>>) {
        let reader = match stdin {
            Some(bytes) => Reader::from_bytes(bytes),
            None => Reader::new(Box::new(std::io::stdin())),
        };
        self.handles.insert(0, Handle::Read(reader));
        self.next = 3;
        self.started = true;
    }

    fn reader(&mut self, h: i64) -> Option<&mut Reader> {
        match self.handles.get_mut(&h) {
            Some(Handle::Read(r)) => Some(r),
            _ => None,
        }
    }

    fn open(&mut self, path: &str, mode: Word) -> i64 {
        use std::fs::OpenOptions;
        let mut o = OpenOptions::new();
        match mode {
            0 => o.read(true),
            1 => o.write(true).create(true).truncate(true),
            2 => o.append(true).create(true),
            _ => o.read(true).write(true).create(true),
        };
        match o.open(path) {
            Ok(f) => {
                let h = self.next;
                self.next += 1;
                let handle = if mode == 0 {
                    Handle::Read(Reader::new(Box::new(f)))
                } else {
                    Handle::Write(f)
                };
                self.handles.insert(h, handle);
                h
            }
            Err(e) => match e.kind() {
                std::io::ErrorKind::NotFound => -1,
                std::io::ErrorKind::PermissionDenied => -2,
                _ => -4,
            },
        }
    }
}

impl Machine<'_> {
    /// Runs an input or file primop; `None` if `p` is not one.
    pub(super) fn exec_stdio(&mut self, p: Prim, a: &[Word]) -> Result<Option<PrimOut>, RunError> {
        use Prim::*;
        if !matches!(
            p,
            HGetChar | HIsEOF | HGetLine | HGetChunk | HClose | OpenFile | HPutChar | HFlush
        ) {
            return Ok(None);
        }
        if !self.stdio.started {
            let stdin = self.config.stdin.take();
            self.stdio.start(stdin);
        }
        let h = a.first().copied().unwrap_or(0) as i64;
        let out = match p {
            HGetChar => {
                let c = match self.stdio.reader(h) {
                    None => -2,
                    Some(r) => r.next_char().map_or(-1, |c| c as i64),
                };
                self.ret_words(&[c as Word])
            }
            HIsEOF => {
                let eof = self.stdio.reader(h).is_none_or(|r| r.at_eof());
                self.ret_words(&[eof as Word])
            }
            HGetLine => {
                let (code, line) = match self.stdio.reader(h) {
                    None => (-2, String::new()),
                    Some(r) => {
                        let mut line = String::new();
                        let mut any = false;
                        while let Some(c) = r.next_char() {
                            any = true;
                            if c == '\n' {
                                break;
                            }
                            line.push(c);
                        }
                        (if any { 0 } else { -1 }, line)
                    }
                };
                let l = self.make_string(&line)?;
                self.ret_words(&[code as Word, l.to_word()])
            }
            HGetChunk => {
                let s = self.stdio.reader(h).map(Reader::chunk).unwrap_or_default();
                let l = self.make_string(&s)?;
                self.ret_words(&[l.to_word()])
            }
            HClose => {
                if h == 1 || h == 2 {
                    let _ = self.out.flush(h);
                } else if let Some(Handle::Write(mut f)) = self.stdio.handles.remove(&h) {
                    let _ = f.flush();
                }
                self.ret_words(&[])
            }
            OpenFile => {
                let path = self.read_string(a[0])?;
                let h = self.stdio.open(&path, a[1]);
                self.ret_words(&[h as Word])
            }
            HPutChar if h >= 3 || h == 0 => {
                let c = char::from_u32(a[1] as u32).unwrap_or('\u{FFFD}');
                let mut buf = [0u8; 4];
                let ok = match self.stdio.handles.get_mut(&h) {
                    Some(Handle::Write(f)) => {
                        f.write_all(c.encode_utf8(&mut buf).as_bytes()).is_ok()
                    }
                    _ => false,
                };
                self.ret_words(&[if ok { 0 } else { (-1i64) as Word }])
            }
            HFlush if h >= 3 => {
                if let Some(Handle::Write(f)) = self.stdio.handles.get_mut(&h) {
                    let _ = f.flush();
                }
                self.ret_words(&[])
            }
            _ => return Ok(None),
        };
        Ok(Some(out))
    }

    fn ret_words(&mut self, vals: &[Word]) -> PrimOut {
        self.rets.clear();
        self.rets.extend_from_slice(vals);
        PrimOut::Values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that returns at most `step` bytes per read.
    struct Trickle(Vec<u8>, usize, usize);
    impl Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.2.min(out.len()).min(self.0.len() - self.1);
            out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }

    #[test]
    fn chars_split_across_reads_decode() {
        let text = "aé€😀\nz";
        let mut r = Reader::new(Box::new(Trickle(text.as_bytes().to_vec(), 0, 1)));
        let mut got = String::new();
        while let Some(c) = r.next_char() {
            got.push(c);
        }
        assert_eq!(got, text);
        assert!(r.at_eof());
    }

    #[test]
    fn chunks_concatenate_to_the_input() {
        let text = "héllo wörld\nline two\n€€€";
        for step in [1, 2, 3, 5, 100] {
            let mut r = Reader::new(Box::new(Trickle(text.as_bytes().to_vec(), 0, step)));
            let mut got = String::new();
            loop {
                let c = r.chunk();
                if c.is_empty() {
                    break;
                }
                got.push_str(&c);
            }
            assert_eq!(got, text, "step {step}");
        }
    }

    #[test]
    fn invalid_utf8_reads_as_replacement() {
        let mut r = Reader::from_bytes(vec![b'a', 0xff, b'b']);
        let got: String = std::iter::from_fn(|| r.next_char()).collect();
        assert_eq!(got, "a\u{FFFD}b");
    }
}
