# Two commands for a newcomer: `make demo` (running portal with demo data) and `make test`.
# Both use scripts/devbench.py, which builds the same bench; settings are RALOM_* variables (README).
PYTHON ?= python3

.PHONY: demo test prepare production-check

demo:
	$(PYTHON) scripts/devbench.py demo

# Extra pytest arguments: make test ARGS="-k customer_b -x"
test:
	$(PYTHON) scripts/devbench.py test $(ARGS)

prepare:
	$(PYTHON) scripts/devbench.py prepare

# As root: a bench of its own under `bench setup production` (nginx on :80, supervisor), then the smoke
# test and the gate's probes through nginx (scripts/production_check.py; README, Production check).
production-check:
	$(PYTHON) scripts/production_check.py
