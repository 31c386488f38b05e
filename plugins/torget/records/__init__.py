"""Public records and personal data: the personal-data guard, the public-records export and taking content back."""
