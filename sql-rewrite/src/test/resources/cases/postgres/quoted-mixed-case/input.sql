SELECT "P"."ssn" FROM "patients" AS "P"
