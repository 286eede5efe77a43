SELECT public.patients.ssn FROM public.patients
