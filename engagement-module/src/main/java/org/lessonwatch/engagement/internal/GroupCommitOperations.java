package org.lessonwatch.engagement.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.lessonwatch.engagement.HeartbeatWriting;

/** {@link HeartbeatWriting} for the group commit: a group taking twice the deadline is stuck. */
@ApplicationScoped
class GroupCommitOperations implements HeartbeatWriting {

  @Inject GroupCommit groupCommit;

  @Override
  public Optional<String> problem() {
    return groupCommit.stuckWriter(groupCommit.limits().timeout().multipliedBy(2));
  }

  @Override
  public void finish() {
    groupCommit.stop();
  }
}
