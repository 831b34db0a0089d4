//! Single dropped files, read off the page: each goes to a crawl worker instance of their own
//! ([`ToWorker::Infer`]), a few at a time, and its answer comes back to the card. The page links no
//! format reader, and a file that panics a decoder kills only that instance: the file is read again
//! without sampling its values in a fresh instance (as a crawl does), then given up with an error if even
//! that crashes, while the files that were in flight with it are sent again as they were.

use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::rc::{Rc, Weak};

use glueprint_core::infer::InferredTable;
use web_sys::File;

use super::CrawlWorker;
use super::protocol::{FromWorker, ToWorker};

/// Files read at once. Each read mostly waits on `File.slice()`, so a few overlap well, while a drop of
/// hundreds of files does not hold hundreds of samples in the worker's memory at the same time.
const READS_IN_FLIGHT: usize = 4;

/// Told on a card whose file was read again without its values.
pub const SAMPLING_CRASHED: &str = "Sampling this file's values crashed the reader (a damaged page?): read again without its values.";

/// A card's answer once its file is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The file's table, or why it could not be read.
    pub result: Result<InferredTable, String>,
    /// Set when a crash made the reader give up the file's values ([`SAMPLING_CRASHED`]).
    pub crash: Option<&'static str>,
}

struct Request {
    id: u32,
    file: File,
    sample: bool,
}

type OnAnswer = Rc<dyn Fn(u32, Answer)>;

struct Queue {
    worker: Option<CrawlWorker>,
    waiting: VecDeque<Request>,
    reading: Vec<Request>,
    /// Requests whose sampled read crashed: their answer says so.
    crashed: HashSet<u32>,
    on_answer: OnAnswer,
}

/// The page's reader of dropped files. Cloning shares it.
#[derive(Clone)]
pub struct DroppedReader(Rc<RefCell<Queue>>);

impl std::fmt::Debug for DroppedReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let queue = self.0.borrow();
        f.debug_struct("DroppedReader")
            .field("waiting", &queue.waiting.len())
            .field("reading", &queue.reading.len())
            .finish_non_exhaustive()
    }
}

impl DroppedReader {
    /// A reader that calls `on_answer` with each request's id and answer. The worker starts with the
    /// first file.
    pub fn new(on_answer: impl Fn(u32, Answer) + 'static) -> Self {
        Self(Rc::new(RefCell::new(Queue {
            worker: None,
            waiting: VecDeque::new(),
            reading: Vec::new(),
            crashed: HashSet::new(),
            on_answer: Rc::new(on_answer),
        })))
    }

    /// Reads `file`, values sampled, as request `id`.
    pub fn read(&self, id: u32, file: File) {
        self.0.borrow_mut().waiting.push_back(Request {
            id,
            file,
            sample: true,
        });
        pump(&self.0);
    }
}

/// Answers to deliver once the queue is no longer borrowed (a card's signal may run code that reads
/// again).
type Answers = Vec<(u32, Answer)>;

fn deliver(on_answer: &OnAnswer, answers: Answers) {
    for (id, answer) in answers {
        on_answer(id, answer);
    }
}

/// Sends waiting requests while fewer than [`READS_IN_FLIGHT`] are read, starting a worker if none runs.
fn pump(shared: &Rc<RefCell<Queue>>) {
    let mut answers = Answers::new();
    let on_answer = {
        let mut queue = shared.borrow_mut();
        while queue.reading.len() < READS_IN_FLIGHT {
            let Some(request) = queue.waiting.pop_front() else {
                break;
            };
            if queue.worker.is_none() {
                match start(Rc::downgrade(shared)) {
                    Ok(worker) => queue.worker = Some(worker),
                    Err(e) => {
                        answers.push(queue.failed(request.id, e));
                        continue;
                    }
                }
            }
            let message = ToWorker::Infer {
                id: request.id,
                sample: request.sample,
            };
            let sent = queue.worker.as_ref().map_or(Ok(()), |w| {
                w.send(&message, std::slice::from_ref(&request.file))
            });
            match sent {
                Ok(()) => queue.reading.push(request),
                Err(e) => answers.push(queue.failed(request.id, e)),
            }
        }
        queue.on_answer.clone()
    };
    deliver(&on_answer, answers);
}

fn start(queue: Weak<RefCell<Queue>>) -> Result<CrawlWorker, String> {
    let on_failure = queue.clone();
    CrawlWorker::start(
        move |message| {
            if let Some(queue) = queue.upgrade() {
                on_message(&queue, message);
            }
        },
        move |message| {
            if let Some(queue) = on_failure.upgrade() {
                on_crash(&queue, None, &message);
            }
        },
    )
}

fn on_message(shared: &Rc<RefCell<Queue>>, message: FromWorker) {
    match message {
        FromWorker::Inferred { id, result } => {
            let (on_answer, answer) = {
                let mut queue = shared.borrow_mut();
                queue.reading.retain(|r| r.id != id);
                let crash = queue.crashed.remove(&id).then_some(SAMPLING_CRASHED);
                (queue.on_answer.clone(), (id, Answer { result, crash }))
            };
            deliver(&on_answer, vec![answer]);
            pump(shared);
        }
        FromWorker::Crashed { reading } => {
            on_crash(shared, reading.map(|(id, _)| id), "the reader crashed")
        }
        _ => {}
    }
}

/// The worker died: `culprit` is the request being read when it is known, else every request in flight
/// is suspect. A suspect read with sampling is queued again without it; one without sampling gets an
/// error (`why`), so every file is answered after at most two crashes. The others go again as they were.
fn on_crash(shared: &Rc<RefCell<Queue>>, culprit: Option<u32>, why: &str) {
    let mut answers = Answers::new();
    let (dead, on_answer) = {
        let mut queue = shared.borrow_mut();
        let dead = queue.worker.take();
        let reading = std::mem::take(&mut queue.reading);
        // A culprit not in flight (cannot happen: a worker reads our requests only) would leave every
        // request as it was and could crash again for ever: all are suspects then.
        let culprit = culprit.filter(|id| reading.iter().any(|r| r.id == *id));
        for mut request in reading.into_iter().rev() {
            if culprit.is_some_and(|id| id != request.id) {
                queue.waiting.push_front(request);
            } else if request.sample {
                request.sample = false;
                queue.crashed.insert(request.id);
                queue.waiting.push_front(request);
            } else {
                let message = format!("{why} even without sampling this file's values");
                answers.push(queue.failed(request.id, message));
            }
        }
        (dead, queue.on_answer.clone())
    };
    // Terminates the dead instance and unhooks its handlers, now that the queue is free.
    drop(dead);
    deliver(&on_answer, answers);
    pump(shared);
}

impl Queue {
    fn failed(&mut self, id: u32, message: String) -> (u32, Answer) {
        let crash = self.crashed.remove(&id).then_some(SAMPLING_CRASHED);
        let answer = Answer {
            result: Err(message),
            crash,
        };
        (id, answer)
    }
}
