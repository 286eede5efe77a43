SELECT p.full_name, v.visited_at FROM patients p LEFT JOIN visits v ON v.patient_id = p.id
