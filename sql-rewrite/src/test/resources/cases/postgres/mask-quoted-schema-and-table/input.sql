SELECT "ssn" FROM "public"."patients"
