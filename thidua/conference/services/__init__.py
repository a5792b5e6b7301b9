"""Every change the conference makes: `ballots` (secret ballots) and `meeting` (record, vetoes, proposals, leaders)."""
