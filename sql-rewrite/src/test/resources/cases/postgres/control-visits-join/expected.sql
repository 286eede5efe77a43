SELECT v.id, s.name FROM visits v JOIN staff s ON s.id = v.id ORDER BY v.visited_at DESC LIMIT 10
