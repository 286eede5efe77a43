UPDATE staff s JOIN patients p ON p.id = s.id SET s.name = p.full_name
