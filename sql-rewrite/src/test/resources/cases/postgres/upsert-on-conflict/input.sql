INSERT INTO patients (id, ssn) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET ssn = EXCLUDED.ssn
