"""Write-side operations: each function is one transaction with keyword-only arguments."""
