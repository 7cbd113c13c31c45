package org.lessonwatch.engagement;

/** Erasing everything the engagement module keeps about one learner. */
public interface LearnerErasure {

  /**
   * Erases the learner's sessions, the rows that number them, and their part of every roll-up, in
   * the caller's transaction, so that every report afterwards equals one computed as if they had
   * never watched. Heartbeats of the learner in flight commit before (and are erased) or wait and
   * start again at session 1; roll-up batches wait. An unknown learner erases nothing.
   */
  ErasedLearner erase(String learnerSub);

  /**
   * What an erasure removed.
   *
   * @param sessions watch sessions
   * @param lessons lessons the learner had watched (their session numbering)
   */
  record ErasedLearner(long sessions, long lessons) {}
}
