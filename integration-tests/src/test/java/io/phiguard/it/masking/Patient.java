package io.phiguard.it.masking;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;

/** The {@code patients} test table as an ORM entity: PHI columns and one non-PHI field (ward). */
@Entity
@Table(name = "patients")
public class Patient {
  @Id private Integer id;
  private String mrn;

  @Column(name = "full_name")
  private String fullName;

  private String ssn;
  private String email;
  private LocalDate dob;
  private String zip;
  private String ward;

  public Integer getId() {
    return id;
  }

  public String getMrn() {
    return mrn;
  }

  public String getFullName() {
    return fullName;
  }

  public String getSsn() {
    return ssn;
  }

  public String getEmail() {
    return email;
  }

  public LocalDate getDob() {
    return dob;
  }

  public String getZip() {
    return zip;
  }

  public String getWard() {
    return ward;
  }

  public void setWard(String ward) {
    this.ward = ward;
  }
}
