package io.phiguard.audit;

/** How far {@link AuditJournal#append} goes before it returns. */
public enum Durability {
  /**
   * One {@code write} per record: the record is in the operating system's page cache and survives
   * the process being killed, not a power loss.
   */
  WRITE,
  /** {@code write} then {@code force}: the record survives a power loss. */
  FSYNC
}
