"""Bank and feed files in (BAI2, NACHA ACH, ISO 20022 camt, CSV remittance); documents out."""
