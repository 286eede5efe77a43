package io.phiguard.audit;

import java.util.Map;
import java.util.Optional;

/**
 * What the {@link AuditVerifier} found: counts, each writer's last good seq, and the first problem
 * if any.
 *
 * @param records records read and accepted
 * @param checkpoints checkpoints whose signature verified
 * @param lastSeqByWriter the last accepted seq of each writer
 * @param tornTailBytes bytes of an unsealed half-written last line (a crash, not tampering; the
 *     writer seals it as RECOVERED when it reopens the journal)
 * @param problem the first problem, or null
 * @param recoveredTails {@link RecordKind#RECOVERED} records accepted: torn tails a crash left,
 *     sealed by the writer when it reopened the journal (not tampering)
 */
public record VerificationResult(
    long records,
    long checkpoints,
    Map<String, Long> lastSeqByWriter,
    long tornTailBytes,
    Problem problem,
    long recoveredTails) {

  /** Copies the map. */
  public VerificationResult {
    lastSeqByWriter = Map.copyOf(lastSeqByWriter);
  }

  /** True when no problem was found. */
  public boolean ok() {
    return problem == null;
  }

  public Optional<Problem> firstProblem() {
    return Optional.ofNullable(problem);
  }

  /**
   * The first bad record.
   *
   * @param writerId the chain it belongs to (null if unknown)
   * @param seq the seq at which the chain goes wrong
   * @param position 1-based line in a file, row in a store; 0 when the problem is at the end
   * @param kind what is wrong
   * @param reason one sentence naming seq numbers and hashes only, never record content
   */
  public record Problem(String writerId, long seq, long position, ProblemKind kind, String reason) {
    @Override
    public String toString() {
      return kind + " at seq " + seq + " (position " + position + "): " + reason;
    }
  }
}
