"""The solo scan: start, questionnaire, results, plan, save, method."""
