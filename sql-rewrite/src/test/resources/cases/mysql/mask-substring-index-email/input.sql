SELECT SUBSTRING_INDEX(email, '@', 1) FROM patients
