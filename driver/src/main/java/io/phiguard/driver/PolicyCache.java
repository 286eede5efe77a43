package io.phiguard.driver;

import io.phiguard.policy.Policy;
import io.phiguard.policy.PolicyException;
import io.phiguard.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loaded policy files, so that a pool opening connections does not parse the file each time. An
 * entry is reused only while the file's modification time and size are unchanged; a changed file is
 * loaded (and validated) again by the next connection.
 */
final class PolicyCache {
  private record Entry(FileTime modified, long size, Policy policy) {}

  private static final ConcurrentHashMap<Path, Entry> LOADED = new ConcurrentHashMap<>();

  private PolicyCache() {}

  static Policy load(Path file) throws PolicyException {
    FileTime modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(file);
      size = Files.size(file);
    } catch (IOException e) {
      // let the loader report the problem with the file's name
      return PolicyLoader.load(file);
    }
    Entry entry = LOADED.get(file);
    if (entry != null && entry.modified().equals(modified) && entry.size() == size) {
      return entry.policy();
    }
    Policy policy = PolicyLoader.load(file);
    LOADED.put(file, new Entry(modified, size, policy));
    return policy;
  }
}
