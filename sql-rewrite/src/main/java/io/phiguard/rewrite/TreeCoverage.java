package io.phiguard.rewrite;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;

/**
 * The backstop behind the walkers: an independent, reflective traversal of the whole parsed tree
 * (through the public getters of JSqlParser's classes, so it works on the module path too) that
 * finds every expression, table and FROM item, and marks the statement not fully analysed if the
 * walkers never reached one of them. A construct the walkers skip can therefore never hide a
 * column, a table or a function call.
 */
final class TreeCoverage {

  private static final String PARSER_PACKAGE = "net.sf.jsqlparser.";
  private static final int MAX_NODES = 200_000;
  private static final ClassValue<List<Method>> GETTERS =
      new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
          return getters(type);
        }
      };

  private TreeCoverage() {}

  /**
   * Marks every node under {@code root} reached: only for text already shown to hold no query (a
   * SHOW statement's LIKE or WHERE over its own output columns, no parenthesis, no query word).
   */
  static void reachAll(Object root, FactsCollector facts) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty() && seen.size() <= MAX_NODES) {
      Object node = pending.pop();
      if (node == null || !seen.add(node)) {
        continue;
      }
      facts.reach(node);
      children(node, pending);
    }
  }

  static void check(Object root, FactsCollector facts) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Object node = pending.pop();
      if (node == null || !seen.add(node)) {
        continue;
      }
      if (seen.size() > MAX_NODES) {
        facts.notUnderstood("tree-too-large");
        return;
      }
      if (isSignificant(node) && !facts.reached.contains(node)) {
        facts.notUnderstood("unwalked:" + node.getClass().getSimpleName());
      }
      children(node, pending);
    }
  }

  private static boolean isSignificant(Object node) {
    return (node instanceof Expression && !(node instanceof ExpressionList))
        || node instanceof Table
        || node instanceof FromItem;
  }

  private static void children(Object node, Deque<Object> pending) {
    if (node instanceof Collection) {
      ((Collection<?>) node).forEach(pending::push);
    }
    if (node instanceof Map) {
      ((Map<?, ?>) node)
          .forEach(
              (k, v) -> {
                pending.push(k);
                pending.push(v);
              });
    }
    if (node instanceof Map.Entry) {
      pending.push(((Map.Entry<?, ?>) node).getKey());
      pending.push(((Map.Entry<?, ?>) node).getValue());
    }
    if (node instanceof Optional) {
      ((Optional<?>) node).ifPresent(pending::push);
    }
    if (node.getClass().isArray() && !node.getClass().getComponentType().isPrimitive()) {
      for (int i = 0; i < Array.getLength(node); i++) {
        pending.push(Array.get(node, i));
      }
    }
    if (!isParserNode(node.getClass())) {
      return;
    }
    for (Method getter : GETTERS.get(node.getClass())) {
      try {
        Object child = getter.invoke(node);
        if (child != null && isTraversable(child)) {
          pending.push(child);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // a getter that throws for this node shape (e.g. a narrowing cast) has no child to give
      }
    }
  }

  private static boolean isTraversable(Object child) {
    return isParserNode(child.getClass())
        || child instanceof Collection
        || child instanceof Map
        || child instanceof Map.Entry
        || child instanceof Optional
        || (child.getClass().isArray() && !child.getClass().getComponentType().isPrimitive());
  }

  private static boolean isParserNode(Class<?> type) {
    String name = type.getName();
    return name.startsWith(PARSER_PACKAGE)
        && !name.startsWith(PARSER_PACKAGE + "parser.")
        && !type.isEnum();
  }

  private static List<Method> getters(Class<?> type) {
    List<Method> getters = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())
          || method.getParameterCount() != 0
          || !method.getName().startsWith("get")
          || method.getReturnType().isPrimitive()
          || method.getReturnType() == String.class
          || method.getDeclaringClass() == Object.class
          || !isParserNode(method.getDeclaringClass())
          || method.getName().equals("getASTNode")) {
        continue;
      }
      getters.add(method);
    }
    return List.copyOf(getters);
  }
}
