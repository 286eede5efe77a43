SELECT translate(notes, 'a', 'b') FROM patients
