package io.phiguard.driver;

import io.phiguard.rewrite.Dialect;

/**
 * The connection a statement runs on, as the gate and the audit see it.
 *
 * @param connectionId process-unique id of the guarded connection
 * @param datasource the delegate URL without credentials or query parameters
 * @param dialect the delegate database's dialect
 */
public record ConnectionInfo(long connectionId, String datasource, Dialect dialect) {}
