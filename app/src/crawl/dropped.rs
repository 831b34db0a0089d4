//! Single dropped files, read off the page: each goes to a crawl worker instance of their own
//! ([`ToWorker::Infer`]), a few at a time, and its answer comes back to the card. The page links no
//! format reader, and a file that panics a decoder kills only that instance: the file is read again
//! without sampling its values in a fresh instance (as a crawl does), then given up with an error if even
//! that crashes, while the files that were in flight with it are sent again as they were.

use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::rc::{Rc, Weak};

use glueprint_core::infer::InferredTable;
use glueprint_core::stats::table::TableStatistics;
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
    /// The file's column statistics, when its values were sampled; saved with its table.
    pub statistics: Option<TableStatistics>,
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
        FromWorker::Inferred {
            id,
            result,
            statistics,
        } => {
            let (on_answer, answer) = {
                let mut queue = shared.borrow_mut();
                queue.reading.retain(|r| r.id != id);
                let crash = queue.crashed.remove(&id).then_some(SAMPLING_CRASHED);
                (
                    queue.on_answer.clone(),
                    (
                        id,
                        Answer {
                            result,
                            crash,
                            statistics,
                        },
                    ),
                )
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

/// What a worker's crash does to one request that was in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfterCrash {
    /// Not the culprit: sent again as it was.
    Again,
    /// A suspect that sampled values: sent again without sampling.
    Unsampled,
    /// A suspect that crashed even without sampling: answered with an error.
    GiveUp,
}

/// `culprit` is the request being read when the worker died, if known; `in_flight` the requests then
/// read. Every request in flight is a suspect when the culprit is unknown, or not among them (cannot
/// happen, as a worker reads our requests only, but would otherwise leave every request as it was and
/// let the same file crash workers for ever). Each suspect is downgraded, so a file is answered after at
/// most two crashes.
fn after_crash(id: u32, sample: bool, culprit: Option<u32>, in_flight: &[u32]) -> AfterCrash {
    let culprit = culprit.filter(|c| in_flight.contains(c));
    match (culprit.is_some_and(|c| c != id), sample) {
        (true, _) => AfterCrash::Again,
        (false, true) => AfterCrash::Unsampled,
        (false, false) => AfterCrash::GiveUp,
    }
}

/// The worker died ([`after_crash`] says what becomes of each request in flight; `why` is the error of
/// one given up).
fn on_crash(shared: &Rc<RefCell<Queue>>, culprit: Option<u32>, why: &str) {
    let mut answers = Answers::new();
    let (dead, on_answer) = {
        let mut queue = shared.borrow_mut();
        let dead = queue.worker.take();
        let reading = std::mem::take(&mut queue.reading);
        let in_flight: Vec<u32> = reading.iter().map(|r| r.id).collect();
        for mut request in reading.into_iter().rev() {
            match after_crash(request.id, request.sample, culprit, &in_flight) {
                AfterCrash::Again => queue.waiting.push_front(request),
                AfterCrash::Unsampled => {
                    request.sample = false;
                    queue.crashed.insert(request.id);
                    queue.waiting.push_front(request);
                }
                AfterCrash::GiveUp => {
                    let message = format!("{why} even without sampling this file's values");
                    answers.push(queue.failed(request.id, message));
                }
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
            statistics: None,
        };
        (id, answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_culprit_is_downgraded_then_given_up_and_the_others_go_again_as_they_were() {
        let in_flight = [1, 2, 3];
        assert_eq!(
            after_crash(2, true, Some(2), &in_flight),
            AfterCrash::Unsampled
        );
        assert_eq!(
            after_crash(2, false, Some(2), &in_flight),
            AfterCrash::GiveUp
        );
        for other in [1, 3] {
            assert_eq!(
                after_crash(other, true, Some(2), &in_flight),
                AfterCrash::Again
            );
            assert_eq!(
                after_crash(other, false, Some(2), &in_flight),
                AfterCrash::Again
            );
        }
    }

    #[test]
    fn without_a_culprit_in_flight_every_request_is_a_suspect() {
        for culprit in [None, Some(9)] {
            assert_eq!(
                after_crash(1, true, culprit, &[1, 2]),
                AfterCrash::Unsampled
            );
            assert_eq!(after_crash(2, false, culprit, &[1, 2]), AfterCrash::GiveUp);
        }
    }

    /// Workers that crash on every read, naming no file: all files are answered within two crashes.
    #[test]
    fn crashes_that_name_no_file_end_after_two() {
        let mut reading: Vec<(u32, bool)> = vec![(1, true), (2, false), (3, true)];
        let mut crashes = 0;
        // Bounded, so a rule that never gives up fails the assertion instead of hanging.
        while !reading.is_empty() && crashes < 10 {
            crashes += 1;
            let in_flight: Vec<u32> = reading.iter().map(|r| r.0).collect();
            reading = reading
                .iter()
                .filter_map(
                    |&(id, sample)| match after_crash(id, sample, None, &in_flight) {
                        AfterCrash::Again => Some((id, sample)),
                        AfterCrash::Unsampled => Some((id, false)),
                        AfterCrash::GiveUp => None,
                    },
                )
                .collect();
        }
        assert_eq!(crashes, 2);
    }
}
