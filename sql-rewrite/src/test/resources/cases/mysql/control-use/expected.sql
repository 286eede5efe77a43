USE ehr
