SELECT `p`.`ssn` FROM `patients` `p`
