package dev.junction.network.agent;

import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SubjectIntent;
import dev.junction.network.ApplyResult;
import dev.junction.network.ChangeSet;
import dev.junction.network.Rendered;
import dev.junction.network.Repair;
import dev.junction.network.RouterDriver;
import dev.junction.network.RunningSubject;
import dev.junction.network.SubjectState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real driver with every change it is given recorded, to test what an agent does to it. */
final class RecordingDriver implements RouterDriver {
  private final RouterDriver router;
  final List<ChangeSet> applied = new CopyOnWriteArrayList<>();

  RecordingDriver(RouterDriver router) {
    this.router = router;
  }

  @Override
  public String kind() {
    return router.kind();
  }

  @Override
  public Map<String, String> settings() {
    return router.settings();
  }

  @Override
  public Rendered renderHeader(RouterHeader header) {
    return router.renderHeader(header);
  }

  @Override
  public Rendered render(RouterHeader header, SubjectIntent subject) {
    return router.render(header, subject);
  }

  @Override
  public Optional<RunningSubject> running(String subjectId) {
    return router.running(subjectId);
  }

  @Override
  public Set<String> runningSubjects() {
    return router.runningSubjects();
  }

  @Override
  public ApplyResult apply(ChangeSet changes) {
    applied.add(changes);
    return router.apply(changes);
  }

  @Override
  public Map<String, SubjectState> observe(Collection<String> subjectIds) {
    return router.observe(subjectIds);
  }

  @Override
  public List<Repair> repair() {
    return router.repair();
  }

  @Override
  public void close() {
    router.close();
  }
}
