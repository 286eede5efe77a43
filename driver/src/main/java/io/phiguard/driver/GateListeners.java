package io.phiguard.driver;

import java.sql.SQLException;

/** Listeners told in order; the first (the audit trail) must record a decision before the next. */
final class GateListeners {
  private GateListeners() {}

  static GateListener chain(GateListener first, GateListener second) {
    if (second == GateListener.NONE) {
      return first;
    }
    return new GateListener() {
      @Override
      public void onDecision(GateRequest request, GateDecision decision) throws SQLException {
        first.onDecision(request, decision);
        second.onDecision(request, decision);
      }

      @Override
      public void onDenied(GateDecision decision, SQLException refusal) {
        first.onDenied(decision, refusal);
        second.onDenied(decision, refusal);
      }

      @Override
      public void onLineageMiss(GateDecision decision, String column, int index) {
        try {
          first.onLineageMiss(decision, column, index);
        } finally {
          second.onLineageMiss(decision, column, index);
        }
      }

      @Override
      public void onRowsRead(GateDecision decision, long rows) {
        try {
          first.onRowsRead(decision, rows);
        } finally {
          second.onRowsRead(decision, rows);
        }
      }

      @Override
      public void onOutcome(GateDecision decision, SQLException failure) {
        onOutcome(decision, failure, -1);
      }

      @Override
      public void onOutcome(GateDecision decision, SQLException failure, long rows) {
        try {
          first.onOutcome(decision, failure, rows);
        } finally {
          second.onOutcome(decision, failure, rows);
        }
      }
    };
  }
}
