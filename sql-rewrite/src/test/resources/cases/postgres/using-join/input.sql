SELECT id, ssn, visited_at FROM patients JOIN visits USING (id)
