"""What organisers edit: YAML read with positions, loaded into the model with
the cross-edition rules, the scaffold of a new edition, and the workbook they edit."""
