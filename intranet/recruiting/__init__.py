"""Vacancies, referrals, applications, candidates, sharing and the privacy of the people in them."""
