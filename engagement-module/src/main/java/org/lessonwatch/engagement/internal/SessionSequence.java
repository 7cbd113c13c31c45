package org.lessonwatch.engagement.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * Hands out session numbers for one learner and lesson. Its row is what heartbeats for that pair
 * lock (see {@link WatchSessionRepository#lockSequences}), so it exists before the first session
 * does.
 */
@Entity
@Table(name = "watch_session_sequences")
@IdClass(StreamKey.class)
public class SessionSequence {

  @Id
  @Column(name = "learner_sub")
  private String learnerSub;

  @Id
  @Column(name = "content_kind", length = 32)
  private String contentKind;

  @Id
  @Column(name = "content_id")
  private long contentId;

  @Column(name = "last_session_number", nullable = false)
  private int lastSessionNumber;

  protected SessionSequence() {}

  SessionSequence(StreamKey key) {
    this.learnerSub = key.learnerSub();
    this.contentKind = key.contentKind();
    this.contentId = key.contentId();
  }

  StreamKey key() {
    return new StreamKey(learnerSub, contentKind, contentId);
  }

  boolean hasSessions() {
    return lastSessionNumber > 0;
  }

  int lastSessionNumber() {
    return lastSessionNumber;
  }

  int next() {
    return ++lastSessionNumber;
  }
}
